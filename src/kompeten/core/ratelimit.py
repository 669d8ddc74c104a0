"""Counting requests per client address in the cache every process shares (the database table).

One rule for every limit: the client is the address allauth's sign-in rate limit uses, that is the
X-Forwarded-For entry added by the outermost of ``ALLAUTH_TRUSTED_PROXY_COUNT`` trusted proxies (entries a
client wrote itself, further to the left, are ignored), or ``REMOTE_ADDR`` when no proxy is trusted.
"""

import logging
import time

from allauth.account.adapter import get_adapter
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: a request that did not pass through all of them.
        logger.warning(
            "X-Forwarded-For has fewer entries than ALLAUTH_TRUSTED_PROXY_COUNT; using REMOTE_ADDR"
        )
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    except PermissionDenied:
        return "unknown"


def allowed(request, *, scope: str, per_minute: int) -> bool:
    """Whether this request stays within ``per_minute`` for its address; ``per_minute`` 0 means no limit."""
    if per_minute <= 0:
        return True
    cache = caches["shared"]
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=120):
        return True
    try:
        return cache.incr(key) <= per_minute
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        return True
