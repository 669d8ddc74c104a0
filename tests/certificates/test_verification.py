"""The certificate PDF (bilingual, QR to the verification page) and public verification: page and JSON."""

import datetime
import io

import pdfplumber
import pytest
from django.urls import reverse

from kompeten.cases.models import CaseStatus
from kompeten.certificates import services
from kompeten.certificates.models import Certificate
from kompeten.certificates.printing import certificate_html, certificate_pdf_store
from tests.certificates.test_issuing import competent_case


@pytest.fixture
def certificate(cast, scheme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    issued.refresh_from_db()
    return issued


def test_the_pdf_is_rendered_after_the_issue_with_both_languages_units_and_a_qr_to_verification(certificate):
    assert certificate.pdf  # the task ran once the transaction committed
    with pdfplumber.open(io.BytesIO(certificate.pdf.read())) as pdf:
        front, back = (page.extract_text() for page in pdf.pages)
    assert "SERTIFIKAT KOMPETENSI" in front and "Certificate of Competence" in front
    assert certificate.holder_name in front and certificate.number in front
    assert certificate.units[0]["title"][:20] in back
    html = certificate_html(certificate)
    assert 'src="data:image/svg+xml' in html and f"/verifikasi/{certificate.token}/" in html


def test_anyone_verifies_a_certificate_and_sees_nothing_personal_but_the_name(client, certificate):
    page = client.get(reverse("certificates:verify", kwargs={"token": certificate.token})).content.decode()
    assert (
        '<span class="badge">Berlaku</span>' in page
        and certificate.holder_name in page
        and certificate.number in page
    )
    data = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token})).json()
    assert data["status"] == "active" and data["holder"] == certificate.holder_name
    assert set(data) == {
        "found",
        "status",
        "number",
        "registration_number",
        "holder",
        "scheme",
        "issued_on",
        "expires_on",
    }
    assert certificate.case.asesi.email not in page


def test_an_unknown_code_is_a_clear_not_found(client, db):
    response = client.get(reverse("certificates:verify", kwargs={"token": "tidak-ada"}))
    assert response.status_code == 404 and "Tidak ada sertifikat" in response.content.decode()
    api = client.get(reverse("certificates:verify_api", kwargs={"token": "tidak-ada"}))
    assert api.status_code == 404 and api.json()["found"] is False


def test_a_certificate_past_its_validity_verifies_as_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=datetime.date(2019, 1, 1), expires_on=datetime.date(2022, 1, 1)
    )
    data = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token})).json()
    assert data["status"] == "expired"


def test_the_lsp_issues_from_its_list_and_the_holder_downloads_the_pdf(
    client, cast, scheme, django_capture_on_commit_callbacks
):
    case = competent_case(scheme, 2)
    client.force_login(cast.admin_lsp)
    assert case.reference in client.get(reverse("certificates:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:issue", kwargs={"case_pk": case.pk}), follow=True)
    assert "diterbitkan" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED
    certificate = case.certificate
    client.force_login(case.asesi)
    pdf = client.get(reverse("certificates:pdf", kwargs={"pk": certificate.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(cast.asesi)  # someone else
    assert client.get(reverse("certificates:pdf", kwargs={"pk": certificate.pk})).status_code == 403
    assert client.get(reverse("certificates:list")).status_code == 403


def test_rendering_again_replaces_nothing_but_the_file(certificate):
    number = certificate.number
    certificate_pdf_store(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.number == number and certificate.pdf


def test_verification_is_rate_limited_per_address_in_the_cache_all_processes_share(
    client, certificate, settings
):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    settings.KOMPETEN_VERIFY_RATE_LIMIT = 3
    url = reverse("certificates:verify", kwargs={"token": certificate.token})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url)
    assert limited.status_code == 429 and "Terlalu banyak permintaan verifikasi" in limited.content.decode()
    api = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token}))
    assert api.status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200  # another address has its own count
    assert isinstance(caches["shared"], DatabaseCache)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kompeten_cache WHERE cache_key LIKE %s", ["%ratelimit:verify:%"])
        assert cursor.fetchone()[0] == 2


def test_the_rate_limit_can_be_switched_off(client, certificate, settings):
    settings.KOMPETEN_VERIFY_RATE_LIMIT = 0
    url = reverse("certificates:verify_api", kwargs={"token": certificate.token})
    assert all(client.get(url).status_code == 200 for _ in range(70))


def test_a_certificate_is_found_by_its_number_and_the_holders_name(client, certificate):
    url = reverse("certificates:lookup")
    assert "Nama pemegang" in client.get(url).content.decode()
    found = client.get(
        url, {"number": f" {certificate.number} ", "name": certificate.holder_name.upper().replace(" ", "  ")}
    )
    assert found.status_code == 302 and found["Location"].endswith(f"/verifikasi/{certificate.token}/")
    wrong_name = client.get(url, {"number": certificate.number, "name": "Orang Lain"})
    wrong_number = client.get(url, {"number": "X/00001/2026", "name": certificate.holder_name})
    assert wrong_name.status_code == wrong_number.status_code == 404
    assert wrong_name.content.decode().count("Tidak ada sertifikat dengan nomor dan nama ini") == 1
    assert "Tidak ada sertifikat dengan nomor dan nama ini" in wrong_number.content.decode()


def test_the_public_verification_limit_uses_the_same_rule(client, certificate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.KOMPETEN_VERIFY_RATE_LIMIT = 2
    url = reverse("certificates:verify_api", kwargs={"token": certificate.token})
    codes = [client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7").status_code == 429
