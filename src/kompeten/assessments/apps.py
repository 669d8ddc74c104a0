from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "kompeten.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from kompeten.core.import_jobs import WorkbookImportKind, workbook_import_runner_register

        workbook_import_runner_register(WorkbookImportKind.QUESTION_BANK, _question_bank_import)


def _question_bank_import(job, data: bytes, progress) -> int:
    """The background import of an FR.IA.05 question bank (core.import_jobs)."""
    from kompeten.assessments.question_bank import import_workbook

    return import_workbook(actor=job.created_by, scheme=job.scheme, data=data, progress=progress)
