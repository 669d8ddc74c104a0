"""Application references (APL-<year>-<n>) come from the year's locked counter: distinct under concurrency,
and a conflict is reported as what it is."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kompeten.accounts.models import Role
from kompeten.cases import services
from kompeten.cases.models import Case
from kompeten.core import counters
from kompeten.core.errors import DomainError
from tests.factories import UserFactory


def test_references_continue_after_those_written_before_the_counter(applicant, scheme, cast):
    year = timezone.localdate().year
    Case.objects.create(
        reference=f"APL-{year}-000041",
        asesi=cast.asesor,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
    )
    case = services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")
    assert case.reference == f"APL-{year}-000042"
    assert counters.current(f"case:{year}") == 42


def test_a_reference_conflict_is_not_reported_as_an_open_application(applicant, scheme, cast):
    year = timezone.localdate().year
    with transaction.atomic():
        counters.next_value(f"case:{year}")  # the counter exists, at 1 …
    Case.objects.create(  # … and a reference it will give is taken behind its back
        reference=f"APL-{year}-000002",
        asesi=cast.asesor,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
    )
    with pytest.raises(IntegrityError):
        services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")
    assert not Case.objects.filter(asesi=applicant).exists()


def test_a_second_open_application_is_refused_with_its_own_message(applicant, scheme):
    services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")
    with pytest.raises(DomainError, match="Anda sudah memiliki permohonan yang masih berjalan"):
        services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_24_candidates_applying_at_once_all_get_distinct_references(transactional_db, scheme):
    candidates = [UserFactory(email=f"serentak{n}@contoh.id", roles=[Role.ASESI]) for n in range(24)]
    barrier = threading.Barrier(24)
    references, errors = [], []

    def apply(candidate):
        try:
            barrier.wait()
            references.append(
                services.case_open(actor=candidate, scheme=scheme, purpose="sertifikasi").reference
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(candidate,)) for candidate in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(references) == [f"APL-{year}-{n:06d}" for n in range(1, 25)]
    assert Case.objects.count() == 24
