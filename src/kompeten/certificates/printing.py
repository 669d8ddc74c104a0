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


def certificate_pdf_ensure(*, certificate: Certificate) -> bool:
    """Queue the PDF's render again when it is missing and no render waits or runs (the last one failed, e.g.
    its worker was lost at every attempt): asking for the PDF is the way to retry. Whether it was queued."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from kompeten.certificates.tasks import render_certificate_pdf

    if certificate.pdf or certificate.imported:
        return False
    pending = DBTaskResult.objects.filter(
        task_path=render_certificate_pdf.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__args__0=certificate.pk,
    )
    if pending.exists():
        return False
    render_certificate_pdf.enqueue(certificate.pk)
    return True
