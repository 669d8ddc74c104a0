"""FR.AK.04: the candidate appeals a not-yet-competent decision within the window; an independent panel of
at least three staff hears it and decides (re-assessment by another assessor, reversal, or dismissal)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments import services as assessment_services
from kompeten.assessments.models import AssessorRelationship
from kompeten.cases.models import CaseStatus
from kompeten.cases.services import case_open
from kompeten.certificates import appeals, services
from kompeten.certificates.models import AppealStatus
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification
from tests.assessment_fixtures import session_at, verified_tuk
from tests.assessments.test_reports import pdf_text
from tests.certificates.test_decisions import signed, unit_ids
from tests.factories import UserFactory

HEARING_DATE_REFUSED = "Isi tanggal sidang yang diadakan setelah panel dibentuk, bukan di masa depan."

AN_HOUR_AGO = datetime.timedelta(hours=1)


@pytest.fixture
def not_yet_competent(participant, cast):
    signed(participant)
    services.decision_record(
        actor=cast.komite,
        case=participant.case,
        competent=False,
        reason="Bukti tidak cukup",
        units=unit_ids(participant)[:1],
    )
    participant.case.refresh_from_db()
    return participant.case


def appeal_of(case, grounds="Asesor tidak menjelaskan instruksi IA.01"):
    return appeals.appeal_submit(
        actor=case.asesi,
        case=case,
        process_explained=True,
        discussed_with_assessor=False,
        other_person="Budi (rekan kerja)",
        grounds=grounds,
    )


@pytest.fixture
def independent_staff(db):
    return [
        UserFactory(email=f"panel{n}@lsp.id", full_name=f"Panel {n}", roles=[role])
        for n, role in enumerate((Role.KOMITE_TEKNIS, Role.ASESOR, Role.MANAJER_SERTIFIKASI))
    ]


@pytest.fixture
def heard(not_yet_competent, cast, independent_staff):
    appeal = appeals.appeal_panel_form(
        actor=cast.admin_lsp, appeal=appeal_of(not_yet_competent), members=independent_staff
    )
    return appeals.appeal_hearing_record(
        actor=independent_staff[0],
        appeal=appeal,
        held_at=timezone.now(),
        notes="Asesi dan asesor didengar.",
    )


def test_the_candidate_appeals_with_the_forms_answers_and_the_lsp_is_told(not_yet_competent, cast):
    appeal = appeal_of(not_yet_competent)
    assert appeal.status == AppealStatus.SUBMITTED and appeal.other_person == "Budi (rekan kerja)"
    assert appeal.reference.startswith("BDG-")
    assert [e.code for e in audit_events_for(appeal)] == ["kompeten.appeal.submitted"]
    assert Notification.objects.filter(user=cast.admin_lsp, text__contains=appeal.reference).exists()
    assert not appeals.appeal_open(not_yet_competent)  # once


def test_an_appeal_is_refused_twice_late_for_competent_decisions_and_for_others(
    not_yet_competent, other_applicant, settings
):
    with pytest.raises(PermissionDenied):
        appeals.appeal_submit(
            actor=other_applicant,
            case=not_yet_competent,
            process_explained=True,
            discussed_with_assessor=True,
            grounds="x",
        )
    with pytest.raises(DomainError, match="alasan banding"):
        appeal_of(not_yet_competent, grounds="   ")
    settings.KOMPETEN_APPEAL_WINDOW_DAYS = 0
    with pytest.raises(DomainError, match="berakhir"):
        appeal_of(not_yet_competent)
    settings.KOMPETEN_APPEAL_WINDOW_DAYS = 14
    appeal_of(not_yet_competent)
    with pytest.raises(DomainError, match="sudah diajukan"):
        appeal_of(not_yet_competent)


def test_a_competent_decision_cannot_be_appealed(participant, cast):
    signed(participant)
    services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    with pytest.raises(DomainError, match="belum kompeten"):
        appeal_of(participant.case)


def test_the_panel_has_three_members_none_involved_in_the_assessment_or_the_decision(
    not_yet_competent, cast, independent_staff
):
    appeal = appeal_of(not_yet_competent)
    candidates = set(appeals.panel_candidates(appeal))
    involved = {cast.komite, not_yet_competent.asesor, not_yet_competent.asesi}
    assert involved.isdisjoint(candidates) and set(independent_staff) <= candidates
    assert cast.no_role not in candidates and cast.asesi not in candidates  # staff only
    with pytest.raises(DomainError, match="minimal 3"):
        appeals.appeal_panel_form(actor=cast.admin_lsp, appeal=appeal, members=independent_staff[:2])
    with pytest.raises(DomainError, match=cast.komite.full_name):  # the member who decided the case
        appeals.appeal_panel_form(
            actor=cast.admin_lsp, appeal=appeal, members=[*independent_staff[:2], cast.komite]
        )
    with pytest.raises(PermissionDenied):
        appeals.appeal_panel_form(actor=cast.komite, appeal=appeal, members=independent_staff)
    appeals.appeal_panel_form(actor=cast.admin_lsp, appeal=appeal, members=independent_staff)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PANEL_FORMED and set(appeal.panel.all()) == set(independent_staff)
    assert all(Notification.objects.filter(user=member).exists() for member in independent_staff)
    with pytest.raises(DomainError) as refused:
        appeals.appeal_panel_form(actor=cast.admin_lsp, appeal=appeal, members=independent_staff)
    assert refused.value.message == appeals.PANEL_FORMED.refused


def test_whoever_organised_reviewed_or_is_related_to_the_assessment_stays_off_the_panel(
    not_yet_competent, cast, independent_staff
):
    appeal = appeal_of(not_yet_competent)
    related = UserFactory(email="kerabat@lsp.id", full_name="Kerabat Asesi", roles=[Role.KOMITE_TEKNIS])
    AssessorRelationship.objects.create(asesor=related, kind="other", name="", person=not_yet_competent.asesi)
    tuk_admin = UserFactory(email="tuk.lain@lsp.id", roles=[Role.ADMIN_TUK])
    candidates = set(appeals.panel_candidates(appeal))
    # cast.manajer created the jadwal; a TUK administrator is not the LSP's staff
    assert {related, tuk_admin, cast.manajer}.isdisjoint(candidates)
    with pytest.raises(DomainError, match="Kerabat Asesi"):
        appeals.appeal_panel_form(
            actor=cast.admin_lsp, appeal=appeal, members=[*independent_staff[:2], related]
        )
    with pytest.raises(DomainError, match="terlibat"):  # the manajer who created the jadwal may not form it
        appeals.appeal_panel_form(actor=cast.manajer, appeal=appeal, members=independent_staff)


def test_a_new_application_waits_for_a_pending_appeal_in_the_scheme(not_yet_competent, scheme):
    appeal_of(not_yet_competent)
    with pytest.raises(DomainError, match="masih disidangkan"):
        case_open(actor=not_yet_competent.asesi, scheme=scheme, purpose="sertifikasi")


def test_only_the_panel_records_the_hearing_and_decides_in_order(not_yet_competent, cast, independent_staff):
    appeal = appeals.appeal_panel_form(
        actor=cast.admin_lsp, appeal=appeal_of(not_yet_competent), members=independent_staff
    )
    member = independent_staff[1]
    with pytest.raises(PermissionDenied):
        appeals.appeal_hearing_record(actor=cast.admin_lsp, appeal=appeal, held_at=timezone.now(), notes="x")
    with pytest.raises(DomainError, match="sidang"):
        appeals.appeal_decide(actor=member, appeal=appeal, outcome=AppealStatus.DISMISSED, reason="x")
    with pytest.raises(DomainError) as refused:
        appeals.appeal_hearing_record(
            actor=member, appeal=appeal, held_at=timezone.now() + AN_HOUR_AGO, notes="di masa depan"
        )
    assert str(refused.value) == HEARING_DATE_REFUSED
    with pytest.raises(DomainError, match="notulen"):
        appeals.appeal_hearing_record(actor=member, appeal=appeal, held_at=timezone.now(), notes=" ")
    with pytest.raises(DomainError, match="setelah panel dibentuk"):
        appeals.appeal_hearing_record(
            actor=member, appeal=appeal, held_at=timezone.now() - AN_HOUR_AGO, notes="sebelum panel"
        )
    appeals.appeal_hearing_record(actor=member, appeal=appeal, held_at=timezone.now(), notes="Didengar")
    with pytest.raises(DomainError, match="alasan"):
        appeals.appeal_decide(actor=member, appeal=appeal, outcome=AppealStatus.DISMISSED, reason="")
    with pytest.raises(DomainError) as refused:
        appeals.appeal_decide(actor=member, appeal=appeal, outcome="heard", reason="bukan putusan")
    assert str(refused.value) == "Pilih putusan panel."


def test_a_dismissed_appeal_is_final_and_the_decision_stands(heard, independent_staff):
    appeal = appeals.appeal_decide(
        actor=independent_staff[2], appeal=heard, outcome=AppealStatus.DISMISSED, reason="Proses sesuai SOP"
    )
    assert appeal.status == AppealStatus.DISMISSED and appeal.decided_by == independent_staff[2]
    appeal.case.refresh_from_db()
    assert appeal.case.status == CaseStatus.NOT_YET_COMPETENT
    with pytest.raises(DomainError) as refused:
        appeals.appeal_decide(
            actor=independent_staff[0], appeal=appeal, outcome=AppealStatus.UPHELD_REVERSED, reason="x"
        )
    assert refused.value.message == appeals.DECIDED_REFUSED
    note = Notification.objects.filter(user=appeal.case.asesi).latest("pk").text
    assert appeal.reference in note and "Proses sesuai SOP" in note
    codes = [event.code for event in audit_events_for(appeal)]
    assert codes[::-1] == [
        "kompeten.appeal.submitted",
        "kompeten.appeal.panel_formed",
        "kompeten.appeal.heard",
        "kompeten.appeal.dismissed",
    ]


def test_an_appeal_upheld_by_reversal_makes_the_case_competent_so_a_certificate_is_issued(
    heard, cast, independent_staff
):
    appeals.appeal_decide(
        actor=independent_staff[0], appeal=heard, outcome=AppealStatus.UPHELD_REVERSED, reason="Bukti cukup"
    )
    case = heard.case
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPETENT
    assert "kompeten.case.appeal_reversed" in {event.code for event in audit_events_for(case)}
    case.decision.refresh_from_db()  # the SK, the blanko list and the reports read it
    assert case.decision.competent and heard.reference in case.decision.reason
    assert case.decision.not_yet_competent_units == []
    reversal = audit_events_for(case.decision)[0]  # a service with its event, not a bare update
    assert (reversal.code, reversal.actor, reversal.data["appeal"]) == (
        "kompeten.decision.reversed",
        independent_staff[0],
        heard.reference,
    )
    assert services.certificate_issue(actor=cast.admin_lsp, case=case).holder_name == case.asesi.full_name


def test_an_appeal_upheld_for_re_assessment_opens_a_case_that_another_assessor_must_assess(
    heard, cast, scheme, independent_staff
):
    appeal = appeals.appeal_decide(
        actor=independent_staff[0],
        appeal=heard,
        outcome=AppealStatus.UPHELD_REASSESSMENT,
        reason="Instruksi tidak dijelaskan",
    )
    again = appeal.reassessment_case
    assert (
        again.status == CaseStatus.CONTINUE
        and again.asesi == heard.case.asesi
        and again.scheme == heard.case.scheme
    )
    assert again.asesor is None and "kompeten.case.reassessment_opened" in {
        e.code for e in audit_events_for(again)
    }
    previous = heard.case.participant.asesor
    assert appeals.assessors_to_avoid(again) == {previous.pk}

    session = session_at(
        verified_tuk(scheme, cast.admin_lsp, name="TUK Bandung"),
        scheme,
        cast.manajer,
        starts_in=datetime.timedelta(days=9),
    )
    with pytest.raises(DomainError, match="asesor yang belum"):
        assessment_services.session_add_participant(
            actor=cast.manajer, session=session, case=again, asesor=previous
        )
    other = UserFactory(email="asesor.lain@lsp.id", roles=[Role.ASESOR])
    profile = AssessorProfile.objects.create(
        user=other,
        met_number="MET.000.000999 2025",
        licence_expires_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    profile.schemes.add(scheme)
    participant = assessment_services.session_add_participant(
        actor=cast.manajer, session=session, case=again, asesor=other
    )
    assert participant.asesor == other
    again.refresh_from_db()
    assert again.asesor == other  # so the new assessor opens the case and the candidate's profile


def test_the_appeal_pages_from_submission_to_decision(
    client, not_yet_competent, cast, independent_staff, other_applicant
):
    case = not_yet_competent
    client.force_login(case.asesi)
    assert "FR.AK.04" in client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    form = reverse("certificates:appeal_submit", kwargs={"case_pk": case.pk})
    refused = client.post(form, {"process_explained": "yes", "discussed_with_assessor": "no", "grounds": ""})
    assert refused.status_code == 200 and "Tulis alasan banding" in refused.content.decode()
    done = client.post(
        form, {"process_explained": "yes", "discussed_with_assessor": "no", "grounds": "Waktu tidak cukup"}
    )
    appeal = case.appeal
    assert done.url == reverse("certificates:appeal", kwargs={"pk": appeal.pk})
    assert "Apakah Proses Banding telah dijelaskan" in pdf_text(
        client.get(reverse("certificates:appeal_pdf", kwargs={"pk": appeal.pk}))
    )

    client.force_login(other_applicant)
    assert client.get(reverse("certificates:appeal", kwargs={"pk": appeal.pk})).status_code == 403
    assert client.get(form).status_code == 403

    client.force_login(cast.admin_lsp)
    page = client.get(reverse("certificates:appeal", kwargs={"pk": appeal.pk})).content.decode()
    assert independent_staff[0].full_name in page and cast.komite.full_name not in page
    client.post(
        reverse("certificates:appeal_panel", kwargs={"pk": appeal.pk}),
        {"members": [str(member.pk) for member in independent_staff] + ["x"]},
    )
    client.force_login(independent_staff[1])
    assert (
        reverse("certificates:appeal", kwargs={"pk": appeal.pk})
        in client.get(reverse("certificates:appeals")).content.decode()
    )
    held = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("certificates:appeal_hearing", kwargs={"pk": appeal.pk}), {"held_at": "kemarin", "notes": "x"}
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PANEL_FORMED  # a date that is no date is refused
    client.post(
        reverse("certificates:appeal_hearing", kwargs={"pk": appeal.pk}),
        {"held_at": held, "notes": "Didengar"},
    )
    client.post(
        reverse("certificates:appeal_decide", kwargs={"pk": appeal.pk}),
        {"outcome": AppealStatus.DISMISSED, "reason": "Sesuai SOP"},
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED and appeal.hearing_notes == "Didengar"
    client.force_login(cast.komite)  # decided the case, not on the panel
    assert client.get(reverse("certificates:appeal", kwargs={"pk": appeal.pk})).status_code == 403


# --- the hearing date goes through the shared date rule (issue 12, item 5) ---

HEARING_LABEL = "Diadakan pada"


@pytest.fixture
def formed(not_yet_competent, cast, independent_staff):
    return appeals.appeal_panel_form(
        actor=cast.admin_lsp, appeal=appeal_of(not_yet_competent), members=independent_staff
    )


def hear(client, appeal, member, held_at):
    client.force_login(member)
    response = client.post(
        reverse("certificates:appeal_hearing", kwargs={"pk": appeal.pk}),
        {"held_at": held_at, "notes": "Didengar"},
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("held_at", "message"),
    [
        ("2026-02-30T10:00", "Masukkan tanggal dan jam yang benar-benar ada, misalnya 2026-03-15 09:30."),
        ("2026-03-01T25:61", "Masukkan tanggal dan jam yang benar-benar ada, misalnya 2026-03-15 09:30."),
        ("garbage", "Masukkan tanggal dan jam yang benar-benar ada, misalnya 2026-03-15 09:30."),
        ("9" * 500, "Masukkan tanggal dan jam yang benar-benar ada, misalnya 2026-03-15 09:30."),
        ("0001-01-01T00:00", "TODAY"),
        ("9999-12-31T23:59", "TODAY"),
    ],
)
def test_an_impossible_hearing_date_is_refused(client, formed, independent_staff, held_at, message):
    if message == "TODAY":
        message = f"Tanggal harus di antara 01-01-2000 dan {timezone.localdate():%d-%m-%Y}."
    response, said = hear(client, formed, independent_staff[0], held_at)
    assert response.status_code == 302
    assert said == [f"{HEARING_LABEL}: {message}"]
    formed.refresh_from_db()
    assert formed.status == AppealStatus.PANEL_FORMED and formed.hearing_at is None


def test_a_real_hearing_time_is_recorded(client, formed, independent_staff):
    held = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    _response, said = hear(client, formed, independent_staff[0], held)
    formed.refresh_from_db()
    assert said == ["Sidang dicatat."] and formed.status == AppealStatus.HEARD
    assert timezone.localtime(formed.hearing_at).strftime("%Y-%m-%dT%H:%M") == held
