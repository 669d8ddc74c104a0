"""Every rate limit counts per client, the client being the address the trusted proxies report."""

import pytest
from django.test import RequestFactory

from kompeten.core import ratelimit

pytestmark = pytest.mark.django_db


def _request(remote="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def _spend(request, n=2, scope="test"):
    return [ratelimit.allowed(request, scope=scope, per_minute=n) for _ in range(n + 1)]


def test_it_gives_two_clients_behind_one_trusted_proxy_separate_buckets(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # nginx at 10.0.0.1 is the REMOTE_ADDR of everyone; only X-Forwarded-For tells the clients apart.
    assert _spend(_request(xff="203.0.113.7")) == [True, True, False]
    assert ratelimit.allowed(_request(xff="198.51.100.4"), scope="test", per_minute=2)
    assert ratelimit.client_address(_request(xff="198.51.100.4")) == "198.51.100.4"


def test_it_counts_the_address_the_outermost_of_two_trusted_proxies_saw(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_address(_request(xff="203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert _spend(_request(xff="203.0.113.7, 10.0.0.2")) == [True, True, False]
    assert ratelimit.allowed(_request(xff="198.51.100.4, 10.0.0.2"), scope="test", per_minute=2)


def test_it_does_not_let_a_client_escape_its_bucket_with_a_spoofed_forwarded_for_entry(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert _spend(_request(xff="203.0.113.7")) == [True, True, False]
    # The client writes its own X-Forwarded-For; the trusted proxy appends the address it really saw.
    spoofed = _request(xff="192.0.2.99, 203.0.113.7")
    assert ratelimit.client_address(spoofed) == "203.0.113.7"
    assert not ratelimit.allowed(spoofed, scope="test", per_minute=2)


def test_it_ignores_forwarded_for_when_no_proxy_is_trusted(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert _spend(_request(remote="203.0.113.7", xff="192.0.2.1")) == [True, True, False]
    other_xff = _request(remote="203.0.113.7", xff="192.0.2.2")
    assert ratelimit.client_address(other_xff) == "203.0.113.7"
    assert not ratelimit.allowed(other_xff, scope="test", per_minute=2)


def test_it_counts_a_request_that_skipped_the_proxies_by_its_own_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_address(_request(remote="203.0.113.7", xff="192.0.2.1")) == "203.0.113.7"
