"""Who sees a jadwal's results (issue 12, item 14): its assessors, its master assessor, LSP management and the
committee; the TUK's admin sees logistics and attendance only; another assessor of the scheme sees nothing.
FR.VA is led by the master assessor the Admin LSP designates and co-signed by the session's assessors."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments import review
from kompeten.assessments.models import ValidationCosign
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import consented
from tests.assessments.test_reports import pdf_text, recorded
from tests.factories import SchemeFactory, UnitFactory, UserFactory


def assessor(scheme, email):
    user = UserFactory(email=email, roles=[Role.ASESOR])
    AssessorProfile.objects.create(
        user=user,
        met_number=f"MET.{email[:6]}",
        licence_expires_on=datetime.date.today() + datetime.timedelta(days=90),
    ).schemes.add(scheme)
    return user


@pytest.fixture
def tuk_admin(participant):
    user = UserFactory(email="admin.tuk@lsp.id", roles=[Role.ADMIN_TUK])
    participant.session.tuk.admins.add(user)
    return user


@pytest.fixture
def master(participant, cast):
    user = assessor(participant.session.scheme, "master@lsp.id")
    review.session_master_designate(actor=cast.admin_lsp, session=participant.session, asesor=user)
    return user


def session_url(name, participant, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"pk": participant.session.pk, **kwargs})


def said(response) -> list[str]:
    """The messages the response left for the next page (the earlier ones of the test consumed)."""
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    return messages[-1:]


def test_the_tuk_admin_sees_logistics_and_attendance_never_results(client, participant, tuk_admin):
    recorded(participant)
    client.force_login(tuk_admin)
    page = client.get(session_url("session", participant)).content.decode()
    assert participant.case.asesi.full_name in page and "hadir (FR.AK.01 disetujui)" in page
    for result in (
        "FR.AK.05",
        "FR.VA",
        participant.case.reference,
        str(participant.case.get_status_display()),
    ):
        assert result not in page
    assert reverse("assessments:participant", kwargs={"pk": participant.pk}) not in page
    assert client.get(session_url("session_report_pdf", participant)).status_code == 403
    assert client.get(session_url("session_form_pdf", participant, form="fr-va")).status_code == 403
    assert client.get(session_url("assignment_letter", participant)).status_code == 200  # logistics


def test_the_session_assessor_sees_the_results_page(client, participant):
    recorded(participant)
    client.force_login(participant.asesor)
    page = client.get(session_url("session", participant)).content.decode()
    assert "FR.AK.05" in page and participant.case.reference in page


def test_another_assessor_of_the_scheme_sees_nothing_of_the_session(client, participant):
    other = assessor(participant.session.scheme, "lain@lsp.id")
    client.force_login(other)
    for name, kwargs in [
        ("session", {}),
        ("session_report_pdf", {}),
        ("assignment_letter", {}),
        ("session_form_pdf", {"form": "fr-va"}),
    ]:
        assert client.get(session_url(name, participant, **kwargs)).status_code == 403, name
    response = client.post(session_url("validation", participant), {"period": "before", "findings": "x"})
    assert response.status_code == 403
    assert participant.session.reference not in client.get(reverse("assessments:sessions")).content.decode()


def test_the_committee_reads_the_results_pdf(client, participant, cast):
    recorded(participant)
    client.force_login(cast.komite)
    assert client.get(session_url("session_report_pdf", participant)).status_code == 200


def test_the_admin_lsp_designates_a_master_assessor_from_outside_the_session(client, participant, cast):
    candidate = assessor(participant.session.scheme, "calon@lsp.id")
    client.force_login(cast.manajer)
    assert (
        client.post(session_url("master_designate", participant), {"asesor": candidate.pk}).status_code == 403
    )
    client.force_login(cast.admin_lsp)
    response = client.post(session_url("master_designate", participant), {"asesor": participant.asesor.pk})
    assert said(response) == ["Master asesor: Pilih asesor dari daftar."]  # an assessor of the session
    response = client.post(session_url("master_designate", participant), {"asesor": candidate.pk})
    assert said(response) == ["Master asesor telah ditunjuk."]
    participant.session.refresh_from_db()
    assert participant.session.master_assessor == candidate


def test_the_service_refuses_a_master_who_assesses_in_the_session_or_outside_the_scope(participant, cast):
    with pytest.raises(DomainError, match="tidak dapat memimpin validasinya"):
        review.session_master_designate(
            actor=cast.admin_lsp, session=participant.session, asesor=participant.asesor
        )
    stranger = assessor(SchemeFactory(units=[UnitFactory(elements=1)]), "skema.lain@lsp.id")
    with pytest.raises(DomainError, match="di luar ruang lingkup asesor tersebut"):
        review.session_master_designate(actor=cast.admin_lsp, session=participant.session, asesor=stranger)


def test_fr_va_is_led_by_the_master_and_co_signed_by_the_sessions_assessors(client, participant, master):
    consented(participant)
    other = assessor(participant.session.scheme, "bukan.master@lsp.id")
    with pytest.raises(PermissionDenied):  # an assessor of the scheme, not designated
        review.validation_sign(
            actor=other, session=participant.session, period="before", aspects={}, findings="x"
        )
    client.force_login(master)
    assert (
        "Validasi sebagai master asesor" in client.get(session_url("session", participant)).content.decode()
    )
    response = client.post(
        session_url("validation", participant), {"period": "before", "findings": "Sesuai."}
    )
    assert said(response) == ["FR.VA ditandatangani."]
    validation = participant.session.validations.get()
    cosign = session_url("validation_cosign", participant, validation_pk=validation.pk)
    assert said(client.post(cosign)) == [
        "Hanya asesor jadwal ini yang menandatangani FR.VA-nya sebagai anggota tim."
    ]
    client.force_login(participant.asesor)
    assert said(client.post(cosign)) == ["Anda telah menandatangani FR.VA sebagai anggota tim."]
    assert said(client.post(cosign)) == ["Anda sudah menandatangani FR.VA ini."]
    assert ValidationCosign.objects.filter(validation=validation).count() == 1
    text = pdf_text(client.get(session_url("session_form_pdf", participant, form="fr-va")))
    assert master.full_name in text and participant.asesor.full_name in text and "master asesor" in text


def test_fr_mapa_is_read_by_the_assessors_of_its_scheme_only(client, participant, cast):
    from kompeten.assessments import planning

    plan = planning.plan_start(actor=cast.manajer, scheme=participant.session.scheme)
    stranger = assessor(SchemeFactory(units=[UnitFactory(elements=1)]), "skema.lain@lsp.id")
    client.force_login(stranger)
    assert client.get(reverse("assessments:plan", kwargs={"pk": plan.pk})).status_code == 403
    plans = reverse("assessments:plans", kwargs={"scheme_pk": participant.session.scheme.pk})
    assert client.get(plans).status_code == 403
    client.force_login(participant.asesor)
    assert client.get(plans).status_code == 200
