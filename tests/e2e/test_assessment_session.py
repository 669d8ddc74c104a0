"""An assessor runs a session on a tablet-sized screen while the candidate takes the written test."""

import datetime

import pytest
from playwright.sync_api import Browser, expect

from kompeten.assessments import services
from kompeten.assessments.models import InstrumentRecord, Question
from kompeten.cases.models import CaseStatus
from tests.assessment_fixtures import ready_case, session_at, verified_tuk
from tests.e2e.browsing import sign_in


@pytest.fixture
def participant(cast, scheme, applicant, asesor):
    tuk = verified_tuk(scheme, asesor, name="TUK Surabaya", days=30)
    session = session_at(tuk, scheme, cast.manajer, starts_in=datetime.timedelta(hours=1))
    participant = services.session_add_participant(
        actor=cast.manajer, session=session, case=ready_case(applicant, scheme, asesor)
    )
    unit = scheme.scheme_units.first().unit
    Question.objects.create(
        unit=unit,
        text="Alat yang disiapkan sebelum bekerja?",
        options=["Tidak ada", "Alat kerja sesuai prosedur"],
        answer=1,
    )
    Question.objects.create(
        unit=unit, text="Kapan bahan diperiksa?", options=["Sebelum dipakai", "Tidak pernah"], answer=0
    )
    return participant


def test_assessor_runs_the_session_on_a_tablet(live_server, browser: Browser, participant):
    url = live_server.url
    assessor = sign_in(browser, url, participant.asesor.email)
    assessor.goto(f"{url}/asesmen/{participant.pk}/")
    for method in ("Observasi langsung", "Pertanyaan lisan", "Tes tertulis"):
        assessor.get_by_label(method).check()
    assessor.get_by_role("button", name="Susun FR.AK.01 dan konfirmasi").click()
    expect(assessor.get_by_text("FR.AK.01 telah disusun")).to_be_visible()

    candidate = sign_in(browser, url, participant.case.asesi.email)
    candidate.goto(f"{url}/asesmen/{participant.pk}/")
    candidate.get_by_role("button", name="Saya menyetujui rencana asesmen dan pernyataan di atas").click()
    expect(candidate.get_by_text("Anda telah menyetujui FR.AK.01.")).to_be_visible()

    # FR.IA.01: every KUK marked K; one of them while the connection is down.
    assessor.goto(f"{url}/asesmen/{participant.pk}/instrumen/IA.01/")
    toggles = assessor.locator(".kbk-field").filter(has=assessor.locator("input[value=K]"))
    count = toggles.count()
    assert count == 6
    for index in range(count - 1):
        toggles.nth(index).get_by_text("K", exact=True).click()
        expect(toggles.nth(index).locator(".autosave-status")).to_have_text("Tersimpan")
    assessor.context.set_offline(True)
    toggles.nth(count - 1).get_by_text("K", exact=True).click()
    expect(toggles.nth(count - 1).locator(".autosave-status")).to_contain_text("Tidak ada koneksi")
    assessor.context.set_offline(False)
    assessor.evaluate("window.dispatchEvent(new Event('online'))")
    expect(toggles.nth(count - 1).locator(".autosave-status")).to_have_text("Tersimpan")
    assessor.screenshot(path="test-results/session-1-observation.png", full_page=False)
    assessor.get_by_label("Kompeten (K)").check()
    assessor.get_by_role("button", name="Simpulkan dan kunci").click()
    expect(assessor.get_by_text("Instrumen telah disimpulkan.")).to_be_visible()
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.01")
    assert (
        sum(1 for key, field in record.fields.items() if key.startswith("kuk:") and field["value"] == "K")
        == 6
    )

    # FR.IA.07: an oral question, its answer and K.
    assessor.goto(f"{url}/asesmen/{participant.pk}/instrumen/IA.07/")
    assessor.get_by_placeholder("Pertanyaan").first.fill("Jelaskan langkah menyiapkan alat.")
    assessor.get_by_placeholder("Jawaban (ringkasan)").first.fill("Memeriksa alat sesuai prosedur.")
    assessor.locator(".kbk-field").first.get_by_text("K", exact=True).click()
    expect(assessor.locator(".kbk-field").first.locator(".autosave-status")).to_have_text("Tersimpan")
    assessor.get_by_label("Kompeten (K)").check()
    assessor.get_by_role("button", name="Simpulkan dan kunci").click()

    # FR.IA.05: opened by the assessor, taken by the candidate in their own browser.
    assessor.get_by_label("Batas lulus (%)").fill("50")
    assessor.get_by_role("button", name="Buka ujian tertulis (FR.IA.05)").click()
    expect(assessor.get_by_text("Ujian tertulis telah dibuka untuk asesi.")).to_be_visible()
    candidate.goto(f"{url}/asesmen/{participant.pk}/")
    candidate.get_by_role("link", name="Kerjakan ujian tertulis").click()
    expect(candidate.get_by_text("Sisa waktu")).to_be_visible()
    candidate.wait_for_load_state()  # the autosave script runs before the answers are chosen
    for option in ("Alat kerja sesuai prosedur", "Sebelum dipakai"):  # the questions come in random order
        candidate.get_by_label(option).check()
        expect(candidate.locator("li", has_text=option).locator(".autosave-status")).to_have_text("Tersimpan")
    candidate.screenshot(path="test-results/session-2-written-test.png", full_page=False)
    candidate.get_by_role("button", name="Kumpulkan ujian").click()
    expect(candidate.get_by_text("Nilai Anda")).to_be_visible()
    expect(candidate.get_by_text("100%")).to_be_visible()

    # FR.AK.02 with recommendation K, signed by both.
    assessor.goto(f"{url}/asesmen/{participant.pk}/")
    for radio in assessor.locator("input[type=radio][value=yes]").all():
        radio.check()
    assessor.locator("#ak02").get_by_label("Kompeten (K)").check()
    assessor.get_by_role("button", name="Catat dan tandatangani FR.AK.02").click()
    expect(assessor.get_by_text("FR.AK.02 telah dicatat dan ditandatangani")).to_be_visible()
    candidate.goto(f"{url}/asesmen/{participant.pk}/")
    candidate.get_by_role("button", name="Saya menandatangani FR.AK.02").click()
    expect(candidate.get_by_text("Anda telah menandatangani FR.AK.02.")).to_be_visible()
    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.RECOMMENDED
    assert (participant.record.recommendation, participant.record.asesi_signed_at is not None) == ("K", True)
