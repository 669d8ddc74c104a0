"""Certificates: numbers from a locked yearly counter (unique, no gaps, also under concurrency), a random
verification token, validity from the scheme."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates import numbering, services
from kompeten.certificates.models import Certificate
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.factories import UserFactory


def competent_case(scheme, n: int) -> Case:
    asesi = UserFactory(email=f"kompeten{n}@contoh.id", full_name=f"Asesi Kompeten {n}")
    return Case.objects.create(
        reference=f"APL-K-{n}",
        asesi=asesi,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.COMPETENT,
    )


def test_a_competent_case_gets_a_numbered_certificate_valid_for_the_schemes_years(cast, scheme):
    case = competent_case(scheme, 1)
    certificate = services.certificate_issue(actor=cast.admin_lsp, case=case)
    year = timezone.localdate().year
    assert certificate.number == f"{scheme.code}/00001/{year}"
    assert certificate.registration_number == f"REG-{year}-000001"
    assert certificate.expires_on == numbering.years_later(certificate.issued_on, scheme.validity_years)
    assert (
        certificate.holder_name == "Asesi Kompeten 1"
        and len(certificate.units) == scheme.scheme_units.count()
    )
    assert len(certificate.token) >= 32 and "/" not in certificate.token
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED
    assert [e.code for e in audit_events_for(certificate)] == ["kompeten.certificate.issued"]


def test_numbers_follow_each_other_and_a_failed_issue_gives_its_number_back(cast, scheme):
    first = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.next_sequence(first.issued_on.year)
        raise RuntimeError("the PDF store is down")
    second = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 2))
    assert (first.sequence, second.sequence) == (1, 2)


def test_a_certificate_is_issued_once_only_for_a_competent_case_and_only_by_the_lsp(cast, scheme):
    case = competent_case(scheme, 1)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=cast.komite, case=case)
    services.certificate_issue(actor=cast.admin_lsp, case=case)
    with pytest.raises(DomainError, match="sekali"):
        services.certificate_issue(actor=cast.admin_lsp, case=case)
    undecided = competent_case(scheme, 2)
    Case.objects.filter(pk=undecided.pk).update(status=CaseStatus.RECOMMENDED)
    with pytest.raises(DomainError, match="sekali"):
        services.certificate_issue(actor=cast.admin_lsp, case=undecided)


def test_a_sequence_is_drawn_only_inside_the_issuing_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside the issuing transaction"):
        numbering.next_sequence(2026)


def test_29_february_plus_years_is_28_february_in_a_common_year():
    assert numbering.years_later(datetime.date(2028, 2, 29), 3) == datetime.date(2031, 2, 28)
    assert numbering.years_later(datetime.date(2026, 11, 21), 3) == datetime.date(2029, 11, 21)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_many_certificates_issued_at_once_never_share_or_skip_a_number(transactional_db, cast, scheme):
    cases = [competent_case(scheme, n) for n in range(24)]
    errors = []
    barrier = threading.Barrier(8)

    def issue(batch):
        try:
            barrier.wait()
            for case in batch:
                services.certificate_issue(actor=cast.admin_lsp, case=case)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(cases[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 25))
    assert Certificate.objects.values("number").distinct().count() == 24
