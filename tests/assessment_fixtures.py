"""Fixtures for running assessments: a participant scheduled in a session at a verified TUK."""

import datetime

import pytest
from django.utils import timezone

from kompeten.accounts.models import ApplicantProfile, Role, User
from kompeten.assessments import conduct, services
from kompeten.assessments.models import Tuk, TukVerification
from kompeten.cases import services as case_services
from kompeten.cases.models import Case, CaseStatus
from kompeten.cases.services import DocumentDecision
from tests.case_fixtures import PDF, complete_profile
from tests.factories import UserFactory

TODAY = datetime.date.today()


def verifier():
    """The LSP admin who verifies the applications ``ready_case`` builds and assigns their assessors: one of
    their own, so that the cast's admin stays uninvolved (free, e.g., to form an appeal's panel)."""
    return User.objects.filter(email="verifikator@lsp.id").first() or UserFactory(
        email="verifikator@lsp.id", roles=[Role.ADMIN_LSP]
    )


def ready_case(user, scheme, asesor) -> Case:
    """A case whose APL-02 review said the assessment can continue, reached through the services: FR.APL.01
    submitted with every document and accepted, FR.APL.02 answered K throughout, ``asesor`` (licensed for
    the scheme) assigned and recommending that the assessment continue."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is None or not profile.is_complete:
        complete_profile(user)
    case = case_services.case_open(actor=user, scheme=scheme, purpose="sertifikasi")
    for requirement in scheme.evidence.all():
        case_services.evidence_upload(
            actor=user, case=case, name=f"{requirement.text}.pdf", data=PDF, requirement=requirement
        )
    case = case_services.case_submit(actor=user, case=case, declaration=True)
    admin = verifier()
    case = case_services.case_verify(
        actor=admin,
        case=case,
        documents={item.pk: DocumentDecision(True) for item in case.evidence.filter(superseded=False)},
        requirements={item.pk: True for item in scheme.requirements.all()},
        outcome="accept",
    )
    for element in case_services.case_elements(case):
        case_services.self_assessment_save(actor=user, case=case, element=element, version=0, answer="K")
    case = case_services.self_assessment_submit(actor=user, case=case)
    case = case_services.asesor_assign(actor=admin, case=case, asesor=asesor)
    case = case_services.apl02_review(actor=asesor, case=case, can_continue=True)
    assert case.status == CaseStatus.CONTINUE
    return case


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
