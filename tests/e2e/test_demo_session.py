"""On the demo data, in the browser: a whole session from the jadwal to FR.AK.05."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from kompeten.assessments.models import AssessmentSession, SessionReport, Tuk
from kompeten.cases.models import CaseStatus
from kompeten.ops.management.commands.demo_load import DEMO_PASSWORD
from kompeten.schemes.models import Scheme
from tests.e2e.browsing import sign_in


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("demo_load", verbosity=0)
    return live_server


def test_a_demo_session_runs_from_the_jadwal_to_the_session_report(demo, browser: Browser):
    url = demo.url
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    manager = sign_in(browser, url, "manajer@demo.kompeten.id", DEMO_PASSWORD)
    manager.goto(f"{url}/jadwal/")
    manager.get_by_text("Jadwal baru").click()
    scheme = Scheme.objects.get(title="Memberikan Layanan Konsultasi Manajemen Pemasaran")
    manager.locator("#id_scheme").select_option(value=str(scheme.pk))
    manager.locator("#id_tuk").select_option(
        value=str(Tuk.objects.get(name="TUK Sewaktu LSP Kompeten Demo").pk)
    )
    manager.locator("#id_date").fill(tomorrow.isoformat())
    manager.locator("#id_start").fill("08:00")
    manager.locator("#id_end").fill("16:00")
    manager.locator("#id_quota").fill("10")
    manager.get_by_role("button", name="Buat jadwal").click()
    expect(manager.get_by_text("FR.MAPA versi 1")).to_be_visible()
    manager.get_by_role("button", name="Tambahkan ke jadwal").click()
    expect(manager.get_by_text("Asesi Demo telah dijadwalkan.")).to_be_visible()
    session = AssessmentSession.objects.get(participants__case__asesi__email="asesi@demo.kompeten.id")
    participant = session.participants.get()

    assessor = sign_in(browser, url, "asesor@demo.kompeten.id", DEMO_PASSWORD)
    assessor.goto(f"{url}/jadwal/{session.pk}/")
    assessor.get_by_role("button", name="Saya menyatakan demikian dan menerima penugasan").click()
    expect(assessor.get_by_text("Pernyataan Anda telah dicatat.")).to_be_visible()
    assessor.goto(f"{url}/asesmen/{participant.pk}/")
    assessor.get_by_label("Observasi langsung").check()
    assessor.get_by_role("button", name="Susun FR.AK.01 dan konfirmasi").click()
    expect(assessor.get_by_text("FR.AK.01 telah disusun")).to_be_visible()

    candidate = sign_in(browser, url, "asesi@demo.kompeten.id", DEMO_PASSWORD)
    candidate.goto(f"{url}/asesmen/{participant.pk}/")
    candidate.get_by_role("button", name="Saya menyetujui rencana asesmen dan pernyataan di atas").click()
    expect(candidate.get_by_text("Anda telah menyetujui FR.AK.01.")).to_be_visible()

    assessor.goto(f"{url}/asesmen/{participant.pk}/instrumen/IA.01/")
    toggles = assessor.locator(".kbk-field")
    for index in range(3):
        toggles.nth(index).get_by_text("K", exact=True).click()
        expect(toggles.nth(index).locator(".autosave-status")).to_have_text("Tersimpan")
    assessor.get_by_label("Kompeten (K)").check()
    assessor.get_by_role("button", name="Simpulkan dan kunci").click()
    expect(assessor.get_by_text("Instrumen telah disimpulkan.")).to_be_visible()

    for radio in assessor.locator("#ak02 input[type=radio][value=yes]").all():
        radio.check()
    assessor.locator("#ak02").get_by_label("Kompeten (K)").check()
    assessor.get_by_role("button", name="Catat dan tandatangani FR.AK.02").click()
    expect(assessor.get_by_text("FR.AK.02 telah dicatat dan ditandatangani")).to_be_visible()
    candidate.goto(f"{url}/asesmen/{participant.pk}/")
    candidate.get_by_role("button", name="Saya menandatangani FR.AK.02").click()
    expect(candidate.get_by_text("Anda telah menandatangani FR.AK.02.")).to_be_visible()

    assessor.goto(f"{url}/jadwal/{session.pk}/")
    assessor.get_by_label("Aspek positif").fill("Asesi siap dan tepat waktu.")
    assessor.get_by_role("button", name="Tandatangani FR.AK.05").click()
    expect(assessor.get_by_text("FR.AK.05 telah ditandatangani.")).to_be_visible()
    report = assessor.request.get(f"{url}/jadwal/{session.pk}/fr-ak-05.pdf")
    assert report.ok and report.body().startswith(b"%PDF")
    assessor.screenshot(path="test-results/demo-session-ak05.png", full_page=False)

    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.RECOMMENDED
    assert SessionReport.objects.get(session=session).positives == "Asesi siap dan tepat waktu."
