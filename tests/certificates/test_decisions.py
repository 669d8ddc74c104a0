"""The technical committee decides each recommended case; nobody decides a case they took part in."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompeten.accounts.models import Role
from kompeten.assessments import conduct
from kompeten.assessments import services as assessment_services
from kompeten.cases.models import CaseStatus
from kompeten.cases.services import case_open
from kompeten.certificates import selectors, services
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification
from tests.assessment_fixtures import ready_case, session_at, verified_tuk
from tests.assessments.test_reports import pdf_text, recorded
from tests.factories import UserFactory


def signed(participant):
    recorded(participant)
    conduct.record_acknowledge(actor=participant.case.asesi, participant=participant)
    participant.case.refresh_from_db()
    return participant


def unit_ids(participant) -> list[int]:
    return list(participant.session.scheme.scheme_units.order_by("order").values_list("unit_id", flat=True))


def test_a_committee_member_decides_competent_as_recommended(participant, cast):
    signed(participant)
    decision = services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.COMPETENT and decision.not_yet_competent_units == []
    assert "kompeten.case.decided_competent" in {e.code for e in audit_events_for(participant.case)}
    assert Notification.objects.filter(user=participant.case.asesi, text__contains="kompeten").exists()


def test_deciding_otherwise_than_recommended_needs_a_reason_and_names_the_units(participant, cast):
    signed(participant)
    with pytest.raises(DomainError, match="alasan"):
        services.decision_record(
            actor=cast.komite, case=participant.case, competent=False, units=unit_ids(participant)[:1]
        )
    decision = services.decision_record(
        actor=cast.komite,
        case=participant.case,
        competent=False,
        reason="Bukti unit 1 tidak asli",
        units=[*unit_ids(participant)[:1], 999999],
    )
    assert decision.not_yet_competent_units == unit_ids(participant)[:1]
    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.NOT_YET_COMPETENT
    note = Notification.objects.filter(user=participant.case.asesi).latest("pk").text
    assert "belum kompeten" in note and "asesmen ulang" in note


def test_a_case_is_decided_once_and_only_after_both_signed_the_record(participant, cast):
    recorded(participant)  # the candidate has not signed FR.AK.02 yet
    with pytest.raises(DomainError, match="ditandatangani"):
        services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    conduct.record_acknowledge(actor=participant.case.asesi, participant=participant)
    services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    with pytest.raises(DomainError, match="hanya sekali"):
        services.decision_record(actor=cast.komite, case=participant.case, competent=True)


def test_nobody_decides_a_case_they_took_part_in(participant, cast):
    signed(participant)
    assessor_on_committee = participant.asesor
    assessor_on_committee.role_assignments.create(role=Role.KOMITE_TEKNIS)
    assessor_on_committee.__dict__.pop("role_codes", None)
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=assessor_on_committee, case=participant.case, competent=True)
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=cast.manajer, case=participant.case, competent=True)


def test_not_yet_competent_lets_the_candidate_apply_again(participant, cast):
    signed(participant)
    with pytest.raises(DomainError, match="Sebutkan unit"):  # FR.AK.02 found every unit sufficient
        services.decision_record(
            actor=cast.komite, case=participant.case, competent=False, reason="Belum cukup bukti"
        )
    services.decision_record(
        actor=cast.komite,
        case=participant.case,
        competent=False,
        reason="Belum cukup bukti",
        units=unit_ids(participant),
    )
    again = case_open(actor=participant.case.asesi, scheme=participant.session.scheme, purpose="sertifikasi")
    assert again.status == CaseStatus.DRAFT


def test_the_committee_pages_decide_and_print_the_decision_letter(client, participant, cast):
    signed(participant)
    client.force_login(cast.komite)
    assert participant.session.reference in client.get(reverse("certificates:sessions")).content.decode()
    page_url = reverse("certificates:session", kwargs={"pk": participant.session.pk})
    assert "Catat keputusan" in client.get(page_url).content.decode()
    decide = reverse(
        "certificates:decide", kwargs={"pk": participant.session.pk, "participant_pk": participant.pk}
    )
    refused = client.post(decide, {"outcome": "maybe"}, follow=True)
    assert "Pilih kompeten (K) atau belum kompeten (BK)." in refused.content.decode()
    response = client.post(decide, {"outcome": "K"}, follow=True)
    assert "Keputusan untuk" in response.content.decode()
    text = pdf_text(
        client.get(reverse("certificates:decision_letter", kwargs={"pk": participant.session.pk}))
    )
    assert "SURAT KEPUTUSAN" in text and participant.case.reference in text and "Kompeten" in text


def test_the_committee_pages_are_closed_to_others(client, participant, cast):
    signed(participant)
    for user in (cast.asesi, participant.asesor, cast.admin_tuk):
        client.force_login(user)
        assert client.get(reverse("certificates:sessions")).status_code == 403
        assert (
            client.get(reverse("certificates:session", kwargs={"pk": participant.session.pk})).status_code
            == 403
        )
    client.force_login(UserFactory(email="komite2@lsp.id", roles=[Role.KOMITE_TEKNIS]))
    assert (
        client.get(reverse("certificates:session", kwargs={"pk": participant.session.pk})).status_code == 200
    )


def waiting_sessions(count, scheme, asesor, manager, *, first_day=1):
    """``count`` sessions, a day apart, each with one candidate whose recommendation waits for the committee."""
    tuk = verified_tuk(scheme, asesor, name=f"TUK {first_day}")
    sessions = []
    for day in range(first_day, first_day + count):
        session = session_at(tuk, scheme, manager, starts_in=datetime.timedelta(days=day))
        candidate = UserFactory(email=f"asesi{day}@contoh.id", roles=[Role.ASESI])
        participant = assessment_services.session_add_participant(
            actor=manager, session=session, case=ready_case(candidate, scheme, asesor)
        )
        signed(participant)
        assert participant.case.status == CaseStatus.RECOMMENDED
        sessions.append(session)
    return sessions


def test_the_committee_pages_cost_the_same_queries_with_3_or_40_sessions_waiting(
    client, cast, scheme, asesor, django_assert_num_queries
):
    client.force_login(cast.komite)
    dashboard = reverse("accounts:role_dashboard", kwargs={"role_slug": "komite-teknis"})
    pages = (reverse("certificates:sessions"), dashboard)
    waiting_sessions(3, scheme, asesor, cast.manajer)
    client.get(dashboard)  # the cached counts and the session filled
    queries = {}
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        queries[page] = len(captured)
    waiting_sessions(37, scheme, asesor, cast.manajer, first_day=4)
    client.get(dashboard)
    for page in pages:
        with django_assert_num_queries(queries[page]):
            response = client.get(page)
        assert len(response.context["sessions"]) == (30 if page != dashboard else 10)
        assert response.context["waiting_total"] == response.context["candidates_waiting"] == 40


def test_the_decisions_page_shows_the_longest_waiting_first_a_page_at_a_time(
    client, cast, scheme, asesor, monkeypatch
):
    sessions = waiting_sessions(5, scheme, asesor, cast.manajer)
    monkeypatch.setattr(selectors, "SESSIONS_SHOWN", 2)
    client.force_login(cast.komite)
    url = reverse("certificates:sessions")
    first = client.get(url)
    last = client.get(url, {"page": "3"})
    beyond = client.get(url, {"page": "99"})
    odd = [client.get(url, {"page": value}) for value in ("0", "-1", "abc", "٣", "9" * 30)]
    assert [s.pk for s in first.context["sessions"]] == [s.pk for s in sessions[:2]]
    assert all(s.waiting == 1 and s.decided == 0 for s in first.context["sessions"])
    text = first.content.decode()
    assert "5 asesi menunggu di 5 jadwal" in text and "Halaman 1 dari 3" in text and '?page=2"' in text
    assert [s.pk for s in last.context["sessions"]] == [sessions[4].pk] and "?page=2" in last.content.decode()
    assert [s.pk for s in beyond.context["sessions"]] == [sessions[4].pk]
    for response in odd:
        assert response.status_code == 200
        assert [s.pk for s in response.context["sessions"]] == [s.pk for s in sessions[:2]]


def test_a_decided_session_leaves_the_queue_for_the_decided_list(client, participant, cast):
    signed(participant)
    client.force_login(cast.komite)
    dashboard = reverse("accounts:role_dashboard", kwargs={"role_slug": "komite-teknis"})
    assert [s.pk for s in client.get(dashboard).context["sessions"]] == [participant.session.pk]
    services.decision_record(actor=cast.komite, case=participant.case, competent=True, reason="", units=[])
    response = client.get(reverse("certificates:sessions"))
    assert response.context["sessions"] == [] and response.context["waiting_total"] == 0
    assert [(s.pk, s.waiting, s.decided) for s in response.context["decided"]] == [
        (participant.session.pk, 0, 1)
    ]
    assert "Tidak ada rekomendasi yang menunggu" in client.get(dashboard).content.decode()
