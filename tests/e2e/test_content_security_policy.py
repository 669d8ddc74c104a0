"""The browser loads Kompeten's pages under their Content-Security-Policy without refusing anything:
every script and style comes from Kompeten's own files."""

from playwright.sync_api import Browser

from tests.e2e.browsing import sign_in


def refusals_on(page, url: str, paths: list[str]) -> list[str]:
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in paths:
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
    return refused


def test_pages_load_without_policy_refusals(live_server, browser: Browser, cast, applicant, draft):
    url = live_server.url
    visitor = browser.new_context().new_page()
    assert (
        refusals_on(
            visitor, url, ["/", "/akun/login/", "/cek-sertifikat/", "/cek-kredensial/", "/pengaduan/"]
        )
        == []
    )
    candidate = sign_in(browser, url, applicant.email)
    assert refusals_on(candidate, url, [f"/permohonan/{draft.pk}/", "/dasbor/asesi/"]) == []
    admin = sign_in(browser, url, cast.admin_lsp.email)
    assert refusals_on(admin, url, ["/laporan/", "/sertifikat/", "/banding/"]) == []
