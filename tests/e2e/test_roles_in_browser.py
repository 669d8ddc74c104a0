"""Browser journeys through Debian's Chromium: each demo role signs in and finds its dashboard."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from kompeten.accounts.models import Role

DEMO_PASSWORD = "kompeten-demo"
DEMO_LOGINS = {
    Role.ADMIN_LSP: ("admin@demo.kompeten.id", "Admin LSP"),
    Role.MANAJER_SERTIFIKASI: ("manajer@demo.kompeten.id", "Manajer Sertifikasi"),
    Role.KOMITE_TEKNIS: ("komite@demo.kompeten.id", "Komite Teknis"),
    Role.ASESOR: ("asesor@demo.kompeten.id", "Asesor"),
    Role.ASESI: ("asesi@demo.kompeten.id", "Asesi"),
    Role.ADMIN_TUK: ("tuk@demo.kompeten.id", "Admin TUK"),
}


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("demo_load", verbosity=0)
    return live_server


def test_each_demo_role_logs_in_and_sees_its_dashboard(demo, page: Page):
    for role, (email, heading) in DEMO_LOGINS.items():
        page.goto(f"{demo.url}/akun/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator(".dashboard")).to_have_attribute("data-role", role.value)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("link", name="Masuk")).to_be_visible()


def test_a_visitor_reads_a_scheme_and_switches_to_english(demo, page: Page):
    page.goto(demo.url)
    expect(page.get_by_role("heading", name="Skema sertifikasi aktif")).to_be_visible()
    page.get_by_role("link", name="Memberikan Layanan Konsultasi Manajemen Pemasaran").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Memberikan Layanan Konsultasi Manajemen Pemasaran"
    )
    page.get_by_text("M.70MKT00.019.2").click()  # opens the unit
    expect(
        page.get_by_text("Memetakan titik-titik interaksi penting dalam interaksi dengan pelanggan")
    ).to_be_visible()
    expect(
        page.get_by_text("Pengumpulan data kinerja pelayanan dilaksanakan secara berkala.")
    ).to_be_visible()
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="12 units of competency")).to_be_visible()
