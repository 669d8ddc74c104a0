from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "kompeten.certificates"
    label = "certificates"
    verbose_name = _("Decisions and certificates")

    def ready(self):
        from kompeten.core.import_jobs import WorkbookImportKind, workbook_import_runner_register

        workbook_import_runner_register(WorkbookImportKind.LEGACY_CERTIFICATES, _legacy_certificates_import)


def _legacy_certificates_import(job, data: bytes, progress) -> int:
    """The background import of a register of certificates issued before Kompeten (core.import_jobs)."""
    from django.core.files.base import ContentFile

    from kompeten.certificates.legacy_import import legacy_certificates_import

    upload = ContentFile(data, name=job.original_name)
    return legacy_certificates_import(actor=job.created_by, upload=upload, progress=progress)
