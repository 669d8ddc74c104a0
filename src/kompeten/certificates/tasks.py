"""Background tasks of the certificates app: thin wrappers around services."""

from django_tasks import task


@task()
def render_certificate_pdf(certificate_id: int) -> None:
    from kompeten.certificates.printing import certificate_pdf_store

    certificate_pdf_store(certificate_id=certificate_id)
