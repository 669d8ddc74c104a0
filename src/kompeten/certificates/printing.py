"""The certificate as a PDF: bilingual, with the units on the back and a QR code to its verification page."""

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from kompeten.certificates.models import Certificate
from kompeten.core.worker import checkpoint
from kompeten.documents.render import form_html, html_to_pdf


def verification_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('certificates:verify', kwargs={'token': certificate.token})}"


def certificate_html(certificate: Certificate) -> str:
    url = verification_url(certificate)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=1)
    return form_html(
        "documents/certificate.html", {"certificate": certificate, "verification_url": url, "qr": qr}
    )


def certificate_pdf_store(*, certificate_id: int) -> None:
    """Render and keep the PDF; run after the issuing transaction committed (a background task)."""
    certificate = Certificate.objects.select_related("case").get(pk=certificate_id)
    if certificate.pdf:  # rendered already (a task run twice, or demo data rendering it at once)
        return
    pdf = html_to_pdf(certificate_html(certificate))
    checkpoint("certificate-pdf")
    certificate.pdf.save(f"{certificate.registration_number}.pdf", ContentFile(pdf), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
