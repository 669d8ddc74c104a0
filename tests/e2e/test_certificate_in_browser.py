"""The committee decides, the LSP issues the certificate, an anonymous visitor opens the QR code's address,
the LSP suspends the certificate and the visitor sees it suspended at once."""

import re

from playwright.sync_api import Browser, expect

from kompeten.certificates.models import Certificate
from kompeten.certificates.printing import verification_url
from tests.certificates.test_decisions import signed
from tests.e2e.browsing import TABLET, sign_in


def test_decided_issued_verified_by_qr_and_suspended(live_server, browser: Browser, participant, cast):
    url = live_server.url
    signed(participant)
    case = participant.case

    committee = sign_in(browser, url, cast.komite.email)
    committee.goto(f"{url}/keputusan/{participant.session.pk}/")
    card = committee.locator(f"#p{participant.pk}")
    card.get_by_label("Kompeten (K)").check()
    card.get_by_role("button", name="Catat keputusan").click()
    expect(committee.locator(f"#p{participant.pk}")).to_contain_text("Kompeten (K)")

    admin = sign_in(browser, url, cast.admin_lsp.email)
    admin.goto(f"{url}/sertifikat/")
    admin.get_by_role("row", name=case.reference).get_by_role("button", name="Terbitkan sertifikat").click()
    expect(admin.get_by_text(re.compile(r"Sertifikat .+ telah diterbitkan\."))).to_be_visible()
    certificate = Certificate.objects.get(case=case)
    expect(admin.get_by_text(certificate.number).first).to_be_visible()

    # the QR code on the PDF encodes this address; the visitor opens it on the live server
    qr_path = verification_url(certificate).split("://", 1)[1].split("/", 1)[1]
    visitor = browser.new_context(viewport=TABLET).new_page()
    visitor.goto(f"{url}/{qr_path}")
    expect(visitor.locator(".verification .badge")).to_have_text("Berlaku")
    expect(visitor.get_by_text(case.asesi.full_name)).to_be_visible()

    admin.goto(f"{url}/sertifikat/{certificate.pk}/")
    admin.get_by_label("Bekukan").check()
    admin.get_by_label("Alasan").fill("Logbook surveilans tidak diserahkan")
    admin.get_by_role("button", name="Ubah status").click()
    expect(admin.locator(".messages")).to_be_visible()

    visitor.reload()
    expect(visitor.locator(".verification .badge")).to_have_text("Dibekukan")
