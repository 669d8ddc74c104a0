"""FR.AK.06 review of the assessment process and FR.VA validation of the assessment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompeten.accounts.models import AssessorProfile, Role, User
from kompeten.assessments import review
from kompeten.assessments.models import AssessmentSession
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.assessments.test_reports import pdf_text, recorded
from tests.factories import UserFactory


def sign_review(participant, actor=None, **overrides):
    arguments = {
        "ratings": {
            "plan": ["valid", "fair"],
            "decision": ["valid", "reliable", "bogus"],
            "bogus": ["valid"],
        },
        "dimensions": ["task", "transfer", "bogus"],
        "consistency": "Keputusan konsisten antarasesi.",
        "recommendations": "Siapkan alat cadangan.",
    } | overrides
    return review.process_review_sign(
        actor=actor or participant.asesor, session=participant.session, **arguments
    )


def test_ak06_keeps_only_known_stages_principles_and_dimensions(participant):
    recorded(participant)
    signed = sign_review(participant)
    assert signed.ratings == {"plan": ["fair", "valid"], "decision": ["reliable", "valid"]}
    assert signed.dimensions == ["task", "transfer"]
    assert "kompeten.ak06.signed" in {e.code for e in audit_events_for(participant.session)}


def test_ak06_waits_for_the_assessment_and_asks_for_recommendations(participant):
    with pytest.raises(DomainError, match=r"belum ada FR\.AK\.02"):
        sign_review(participant)
    recorded(participant)
    with pytest.raises(DomainError, match="rekomendasi"):
        sign_review(participant, recommendations=" ")


def test_ak06_is_signed_only_by_an_assessor_of_the_session_with_a_valid_licence(participant, cast):
    recorded(participant)
    with pytest.raises(PermissionDenied):
        sign_review(participant, actor=cast.manajer)
    AssessorProfile.objects.filter(user=participant.asesor).update(
        licence_expires_on=datetime.date(2000, 1, 1)
    )
    with pytest.raises(DomainError, match="Lisensi asesor"):
        sign_review(participant, actor=User.objects.get(pk=participant.asesor.pk))


@pytest.fixture
def lead(participant):
    """A licensed assessor of the scheme who does not assess in the session."""
    user = UserFactory(email="ketua.validasi@lsp.id", roles=[Role.ASESOR])
    profile = AssessorProfile.objects.create(
        user=user,
        met_number="MET.000.000999 2025",
        licence_expires_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    profile.schemes.add(participant.session.scheme)
    admin = UserFactory(email="admin.va@lsp.id", roles=[Role.ADMIN_LSP])
    review.session_master_designate(actor=admin, session=participant.session, asesor=user)
    participant.session.refresh_from_db()
    return user


def validate(participant, lead, **overrides):
    arguments = {
        "period": "after",
        "aspects": {"1": ["v", "a", "valid"], "9": ["v"], "2": ["x"]},
        "findings": "Perangkat IA.05 perlu ditinjau ulang.",
        "team": "Asesor B",
        "improvement_plan": "Revisi bank soal bulan depan.",
    } | overrides
    return review.validation_sign(actor=lead, session=participant.session, **arguments)


def test_fr_va_records_the_aspects_against_the_rules_of_evidence_and_the_principles(participant, lead):
    recorded(participant)
    validation = validate(participant, lead)
    assert validation.aspects == {"1": ["a", "v", "valid"], "2": []}
    assert validation.improvement_plan == "Revisi bank soal bulan depan."


def test_fr_va_before_the_assessment_needs_no_record_but_after_does(participant, lead):
    assert validate(participant, lead, period="before").period == "before"
    with pytest.raises(DomainError, match=r"belum ada FR\.AK\.02"):
        validate(participant, lead, period="after")
    with pytest.raises(DomainError, match="sebelum, selama atau sesudah"):
        validate(participant, lead, period="sometime")
    with pytest.raises(DomainError, match="temuan"):
        validate(participant, lead, period="during", findings="")
    with pytest.raises(DomainError, match="sudah memvalidasi"):
        validate(participant, lead, period="before")


def test_fr_va_is_refused_to_the_sessions_own_assessor_and_to_an_assessor_of_another_scheme(
    participant, lead
):
    with pytest.raises(DomainError, match="tidak dapat memimpin validasinya"):
        validate(participant, participant.asesor, period="before")
    AssessorProfile.objects.get(user=lead).schemes.clear()
    with pytest.raises(DomainError, match="di luar ruang lingkup"):
        validate(participant, lead, period="before")


def test_nothing_is_reviewed_on_a_cancelled_session_and_a_review_is_signed_once(participant, lead):
    recorded(participant)
    sign_review(participant)
    with pytest.raises(DomainError, match="sudah meninjau"):
        sign_review(participant)
    AssessmentSession.objects.filter(pk=participant.session.pk).update(status="cancelled")
    with pytest.raises(DomainError, match="dibatalkan"):
        validate(participant, lead, period="after")


def test_the_session_page_signs_both_and_prints_them(client, participant, lead):
    recorded(participant)
    client.force_login(participant.asesor)
    session_url = reverse("assessments:session", kwargs={"pk": participant.session.pk})
    assert "FR.AK.06" in client.get(session_url).content.decode()
    response = client.post(
        reverse("assessments:process_review", kwargs={"pk": participant.session.pk}),
        {"rating-plan": ["valid"], "dimensions": ["task"], "recommendations": "Tambah waktu observasi."},
        follow=True,
    )
    assert "FR.AK.06 ditandatangani." in response.content.decode()
    client.force_login(lead)
    response = client.post(
        reverse("assessments:validation", kwargs={"pk": participant.session.pk}),
        {"period": "during", "aspect-3": ["v", "fair"], "findings": "Instrumen sesuai."},
        follow=True,
    )
    assert "FR.VA ditandatangani." in response.content.decode()
    for form, expected in [("fr-ak-06", "Tambah waktu observasi."), ("fr-va", "Instrumen sesuai.")]:
        text = pdf_text(
            client.get(
                reverse("assessments:session_form_pdf", kwargs={"pk": participant.session.pk, "form": form})
            )
        )
        assert expected in text


def test_the_session_forms_are_closed_to_the_candidate(client, participant):
    recorded(participant)
    client.force_login(participant.case.asesi)
    pdf = reverse("assessments:session_form_pdf", kwargs={"pk": participant.session.pk, "form": "fr-va"})
    assert client.get(pdf).status_code == 403
    post = client.post(reverse("assessments:process_review", kwargs={"pk": participant.session.pk}), {})
    assert post.status_code == 403
