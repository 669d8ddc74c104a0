"""Fixtures for running assessments: a participant scheduled in a session at a verified TUK."""

import datetime

import pytest
from django.utils import timezone

from kompeten.assessments import conduct, services
from kompeten.assessments.models import Tuk, TukVerification
from kompeten.cases.models import Case, CaseStatus

TODAY = datetime.date.today()


def ready_case(user, scheme, asesor) -> Case:
    """A case whose APL-02 review said the assessment can continue."""
    return Case.objects.create(
        reference=f"APL-S-{user.pk}",
        asesi=user,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.CONTINUE,
        asesor=asesor,
    )


def consented(participant):
    """FR.AK.01 set out by the assessor and agreed by the candidate."""
    conduct.consent_propose(
        actor=participant.asesor,
        participant=participant,
        methods=["observasi", "lisan", "tertulis"],
        agreed_time=timezone.now(),
        agreed_place="TUK Jakarta",
    )
    conduct.consent_confirm(actor=participant.case.asesi, participant=participant)
    participant.case.refresh_from_db()
    return participant


def verified_tuk(scheme, verifier, *, name="TUK Jakarta", kind="sewaktu", days=60, **fields) -> Tuk:
    """A TUK verified for the scheme from today for ``days`` days."""
    tuk = Tuk.objects.create(name=name, kind=kind, address=fields.pop("address", "Jl. C"), **fields)
    TukVerification.objects.create(
        tuk=tuk,
        scheme_code=scheme.code,
        verified_on=TODAY,
        valid_until=TODAY + datetime.timedelta(days=days),
        verified_by=verifier,
    )
    return tuk


def session_at(tuk, scheme, manager, *, starts_in=datetime.timedelta(days=5), hours=6, quota=5):
    start = timezone.now() + starts_in
    return services.session_create(
        actor=manager,
        scheme=scheme,
        tuk=tuk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        quota=quota,
    )


@pytest.fixture
def participant(cast, scheme, applicant, asesor):
    session = session_at(verified_tuk(scheme, asesor), scheme, cast.manajer)
    return services.session_add_participant(
        actor=cast.manajer, session=session, case=ready_case(applicant, scheme, asesor)
    )
