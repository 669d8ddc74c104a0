"""An LSP administrator imports an SKKNI, then checks an FR.APL.02 against it, in Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from kompeten.schemes.models import Scheme
from kompeten.standards.models import Standard
from tests.factories import PASSWORD


@pytest.fixture
def signed_in(live_server, page: Page, cast):
    page.goto(f"{live_server.url}/akun/login/")
    page.get_by_label("Email").fill(cast.admin_lsp.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".dashboard")).to_be_visible()
    return page


def upload(page: Page, url: str, path) -> None:
    page.goto(f"{url}/impor/")
    page.get_by_label(re.compile(r"^Dokumen")).set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan baca").click()


def test_import_an_skkni_then_reconcile_an_apl02_against_it(live_server, signed_in, shared_dir):
    page = signed_in
    upload(page, live_server.url, shared_dir / "seeds" / "002_50698809bdac173a.txt")
    expect(page.get_by_role("heading", name="Dibandingkan dengan basis data")).to_be_visible()
    expect(page.get_by_text("Keputusan nomor 124 tahun 2022")).to_be_visible()
    page.get_by_role("button", name="Impor standar").click()
    expect(page.get_by_text("Dokumen telah diimpor.")).to_be_visible()
    assert Standard.objects.get().units.filter(elements__isnull=False).distinct().count() == 9

    upload(page, live_server.url, shared_dir / "seeds" / "001_fc7e7a7da436c8e2.txt")
    expect(page.get_by_role("heading", name="Rekonsiliasi dengan SKKNI")).to_be_visible()
    report = page.locator("section", has=page.get_by_role("heading", name="Rekonsiliasi dengan SKKNI"))
    expect(report.get_by_text("dikenali dari judulnya")).to_be_visible()  # unit 9, printed without a code
    expect(report.locator("del", has_text="personil").first).to_be_visible()
    expect(report.get_by_text("tidak ada di basis data").first).to_be_visible()
    page.screenshot(path="test-results/import-reconciliation.png", full_page=True)
    page.get_by_role("button", name="Buat draf skema").click()
    expect(page.get_by_text("Dokumen telah diimpor.")).to_be_visible()
    scheme = Scheme.objects.get()
    assert (scheme.status, scheme.scheme_units.count()) == ("draft", 12)
