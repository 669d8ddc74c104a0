"""The load-and-scale generator (bench/scale_data.py) writes an LSP whose pages work: small here, 100 000
candidates in ``make bench``; and on it, the long lists show a bounded page whatever the LSP's size."""

import pathlib
import sys

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from kompeten.accounts.models import Role, User
from kompeten.assessments.models import AssessmentSession, Participant
from kompeten.cases.models import Case, CaseStatus, SelfAssessment
from kompeten.certificates import selectors
from kompeten.certificates import views as certificate_views
from kompeten.certificates.models import Certificate

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "bench"))
import scale_data

PAGES = {
    "admin_lsp": ["/dasbor/admin-lsp/", "/verifikasi/", "/sertifikat/", "/jadwal/"],
    "manajer": ["/laporan/", "/dasbor/manajer-sertifikasi/"],
    "komite": ["/dasbor/komite-teknis/", "/keputusan/"],
    "asesor": ["/dasbor/asesor/", "/jadwal/"],
    "admin_tuk": ["/dasbor/admin-tuk/", "/jadwal/"],
    "asesi": ["/dasbor/asesi/", "/permohonan/"],
}


@pytest.fixture
def generated(db):
    return scale_data.generate(asesi=300)


def test_the_lsp_has_the_size_and_shape_asked_for(generated):
    assert User.objects.filter(role_assignments__role=Role.ASESI).count() == generated["asesi"] == 300
    assert Case.objects.count() == generated["cases"] == 360
    assert SelfAssessment.objects.count() == generated["kuk_answers"] > 10 * 300
    assert Certificate.objects.count() == generated["certificates"]
    assert Certificate.objects.count() == Case.objects.filter(status=CaseStatus.CERTIFIED).count()
    assert Participant.objects.count() == generated["participants"]
    assert AssessmentSession.objects.count() == generated["sessions"] > 0
    every_status = set(Case.objects.values_list("status", flat=True))
    assert every_status == set(CaseStatus.values)
    # Every participant is assessed by an assessor of the session, who is the case's assessor.
    for participant in Participant.objects.select_related("case", "session").prefetch_related(
        "session__assessors"
    ):
        assert participant.asesor_id == participant.case.asesor_id
        assert participant.asesor_id in {a.asesor_id for a in participant.session.assessors.all()}


def test_every_account_signs_in_with_the_one_password(generated):
    user = User.objects.get(pk=generated["users"]["asesi"])
    assert authenticate(email=user.email, password=scale_data.PASSWORD) == user


def signed_in(user_id) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def test_the_typical_users_pages_and_verification_answer(generated):
    for role, paths in PAGES.items():
        client = signed_in(generated["users"][role])
        for path in paths:
            assert client.get(path).status_code == 200, (role, path)
    token = generated["tokens"][0]
    assert Client().get(f"/api/verifikasi/{token}/").json()["status"] == "active"


def test_the_certificate_list_shows_a_page_of_the_latest_and_a_few_of_those_waiting(generated, monkeypatch):
    monkeypatch.setattr(certificate_views, "ISSUED_PER_PAGE", 20)
    monkeypatch.setattr(certificate_views, "WAITING_SHOWN", 3)
    client = signed_in(generated["users"]["admin_lsp"])
    first = client.get("/sertifikat/")
    latest = list(Certificate.objects.order_by("-issued_at", "-pk")[:21])
    assert [c.pk for c in first.context["issued"]] == [c.pk for c in latest[:20]] and first.context[
        "has_next"
    ]
    second = client.get("/sertifikat/", {"page": "2"})
    assert second.context["issued"][0].pk == latest[20].pk and "Lebih baru" in second.content.decode()
    competent = Case.objects.filter(status=CaseStatus.COMPETENT).count()
    assert len(first.context["waiting"]) == 3 and first.context["waiting_more"] == competent - 3
    assert f"dan {competent - 3} kasus lagi" in first.content.decode()
    for odd in ("0", "-1", "abc", "٣", "9" * 30):
        assert client.get("/sertifikat/", {"page": odd}).status_code == 200


def test_the_committee_sees_the_sessions_waiting_longest_and_the_latest_decided(generated, monkeypatch):
    monkeypatch.setattr(selectors, "SESSIONS_SHOWN", 2)
    response = signed_in(generated["users"]["komite"]).get("/keputusan/")
    sessions = response.context["sessions"]
    waiting = AssessmentSession.objects.filter(participants__case__status=CaseStatus.RECOMMENDED).distinct()
    assert response.context["waiting_total"] == waiting.count() > 2
    recommended = Case.objects.filter(status=CaseStatus.RECOMMENDED).count()
    assert response.context["candidates_waiting"] == recommended
    assert [s.pk for s in sessions] == [s.pk for s in waiting.order_by("starts_at", "pk")[:2]]
    for session in sessions:
        assert session.waiting == session.participants.filter(case__status=CaseStatus.RECOMMENDED).count() > 0
    decided = response.context["decided"]
    assert len(decided) == 2 and all(s.waiting == 0 and s.decided > 0 for s in decided)
    assert decided[0].starts_at >= decided[1].starts_at


def test_status_counts_follow_a_saved_case_at_once(generated):
    client = signed_in(generated["users"]["admin_lsp"])
    before = {tab[0]: tab[2] for tab in client.get("/verifikasi/").context["tabs"]}
    case = Case.objects.filter(status=CaseStatus.SUBMITTED).first()
    case.status = CaseStatus.RETURNED
    case.save(update_fields=["status"])
    after = {tab[0]: tab[2] for tab in client.get("/verifikasi/").context["tabs"]}
    assert after[CaseStatus.SUBMITTED] == before[CaseStatus.SUBMITTED] - 1
    assert after[CaseStatus.RETURNED] == before[CaseStatus.RETURNED] + 1
