"""Excel imports that run in the background: upload → queued → read by the worker with a progress bar →
imported or refused (with the problems by row), and cancellable until it is written.

One model for every workbook import (the FR.IA.05 question bank, the register of certificates issued before
Kompeten); what each kind does is a service of its app, registered by the app in ``RUNNERS`` (core imports
no domain app) and called by the worker with a ``progress`` callback that records how far it is and stops it
when the import was cancelled meanwhile."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.core import workbooks
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.transitions import Transition, transition_apply

logger = logging.getLogger(__name__)


class WorkbookImportKind(models.TextChoices):
    QUESTION_BANK = "question_bank", gettext_lazy("Question bank (FR.IA.05)")
    LEGACY_CERTIFICATES = "legacy_certificates", gettext_lazy("Certificates issued before Kompeten")


class WorkbookImportStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting to be read")
    RUNNING = "running", gettext_lazy("Being read")
    DONE = "done", gettext_lazy("Imported")
    REFUSED = "refused", gettext_lazy("Refused")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


def workbook_upload_path(job: "WorkbookImport", filename: str) -> str:
    return f"imports/workbooks/{job.created_at:%Y/%m}/{uuid.uuid4().hex}.xlsx"  # never the uploader's name


class WorkbookImport(models.Model):
    """One uploaded workbook to import, read by the background worker."""

    kind = models.CharField(gettext_lazy("kind"), max_length=30, choices=WorkbookImportKind.choices)
    created_at = models.DateTimeField(gettext_lazy("uploaded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(gettext_lazy("file"), upload_to=workbook_upload_path)
    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    size = models.PositiveBigIntegerField(gettext_lazy("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=WorkbookImportStatus.choices,
        default=WorkbookImportStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress (%)"), default=0)
    imported = models.PositiveIntegerField(gettext_lazy("rows imported"), default=0)
    error = models.TextField(gettext_lazy("error"), blank=True)
    problems = models.JSONField(gettext_lazy("problems by row"), default=list, blank=True)

    class Meta:
        verbose_name = gettext_lazy("workbook import")
        verbose_name_plural = gettext_lazy("workbook imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="workbook_import_percent"),
            models.CheckConstraint(
                condition=models.Q(status__in=WorkbookImportStatus.values),
                name="workbook_import_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (WorkbookImportStatus.QUEUED, WorkbookImportStatus.RUNNING)


S = WorkbookImportStatus
IMPORT_START = Transition(
    name="start",
    sources=frozenset({S.QUEUED}),
    target=S.RUNNING,
    event="kompeten.workbook_import.running",
    refused=gettext_lazy("This import is not waiting to be read."),
)
IMPORT_DONE = Transition(
    name="done",
    sources=frozenset({S.RUNNING}),
    target=S.DONE,
    event="kompeten.workbook_import.done",
    refused=gettext_lazy("This import is not being read."),
)
IMPORT_REFUSED = Transition(
    name="refused",
    sources=frozenset({S.QUEUED, S.RUNNING}),
    target=S.REFUSED,
    event="kompeten.workbook_import.refused",
    refused=gettext_lazy("This import is not being read."),
)
IMPORT_CANCEL = Transition(
    name="cancel",
    sources=frozenset({S.QUEUED, S.RUNNING}),
    target=S.CANCELLED,
    event="kompeten.workbook_import.cancelled",
    refused=gettext_lazy("This import is finished; it can no longer be cancelled."),
)
PERMISSIONS = {
    WorkbookImportKind.QUESTION_BANK: "assessments.change_assessmentsession",
    WorkbookImportKind.LEGACY_CERTIFICATES: "certificates.issue_certificate",
}
CANCELLED = gettext_lazy("The import was cancelled; nothing of the file was saved.")


class ImportCancelled(DomainError):
    """Raised through the service by the progress callback once the import has been cancelled."""

    def __init__(self):
        super().__init__(CANCELLED)


def _require(actor, kind: str) -> None:
    from django.core.exceptions import PermissionDenied

    if not actor.has_perm(PERMISSIONS[kind]):
        raise PermissionDenied


def workbook_import_create(*, actor, kind: str, name: str, data: bytes, scheme=None) -> WorkbookImport:
    """Store an uploaded workbook and queue it for the worker. What can be told at once (no file, too
    large, not a workbook, a zip bomb) is refused here, before anything parses it."""
    _require(actor, kind)
    if not data:
        raise DomainError(_("The file is empty."))
    workbooks.check_xlsx(data)
    with transaction.atomic():
        job = WorkbookImport(
            kind=kind,
            created_by=actor,
            scheme=scheme,
            original_name=(name or "")[:255] or "buku-kerja.xlsx",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        job.file.save("upload.xlsx", ContentFile(data), save=False)
        job.save()
        audit_log(
            actor=actor,
            code="kompeten.workbook_import.uploaded",
            obj=job,
            data={"kind": kind, "size": len(data), "scheme": scheme.pk if scheme else None},
        )
        from kompeten.core.import_tasks import run_workbook_import

        run_workbook_import.enqueue(job.pk)
    return job


def workbook_import_cancel(*, actor, job: WorkbookImport) -> WorkbookImport:
    """Stop the import, queued or being read (also when its worker is gone): nothing of it is written."""
    _require(actor, job.kind)
    with transaction.atomic():
        job = WorkbookImport.objects.select_for_update().get(pk=job.pk)
        transition_apply(obj=job, transition=IMPORT_CANCEL, actor=actor)
    _discard_file(job)
    return job


def _discard_file(job: WorkbookImport) -> None:
    """An ended import keeps its report, not the file (a register holds personal data)."""
    if job.file:
        job.file.delete(save=False)
        WorkbookImport.objects.filter(pk=job.pk).update(file="")


def _progress_callback(job_id: int):
    """What the service calls as it goes: records the percentage (outside the service's transaction, so
    the status page sees it) and stops the import once it has been cancelled. ``fraction`` 1.0 is the last
    call, made inside the transaction that writes: the job's row is locked so that a cancel and the write
    never both happen."""

    def progress(fraction: float) -> None:
        rows = WorkbookImport.objects.filter(pk=job_id)
        if fraction >= 1:
            rows = rows.select_for_update()
        status = rows.values_list("status", flat=True).first()
        if status != S.RUNNING:
            raise ImportCancelled
        if fraction < 1:
            rows.update(progress=max(1, min(95, int(fraction * 95))))

    return progress


def workbook_import_run(*, job_id: int) -> WorkbookImport | None:
    """Read and import the stored workbook (run by the background worker); the job ends imported,
    refused with its problems, or cancelled."""
    with transaction.atomic():
        job = WorkbookImport.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != S.QUEUED:
            return job
        transition_apply(obj=job, transition=IMPORT_START, actor=None)
    progress = _progress_callback(job.pk)
    try:
        job = _run(job, progress)
    finally:
        _discard_file(job)  # ended: the report is kept, not the file (a register holds personal data)
    return job


def _run(job: WorkbookImport, progress) -> WorkbookImport:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        count = RUNNERS[job.kind](job, data, progress)
    except ImportCancelled:
        return WorkbookImport.objects.get(pk=job.pk)
    except DomainError as error:
        return _refuse(job, str(getattr(error, "message", error)), getattr(error, "problems", []))
    except Exception:
        logger.exception("Workbook import %s failed", job.pk)
        return _refuse(
            job, _("The file could not be imported because of an internal error; please report it."), []
        )
    with transaction.atomic():
        job = WorkbookImport.objects.select_for_update().get(pk=job.pk)
        job.progress, job.imported = 100, count
        job.save(update_fields=["progress", "imported"])
        transition_apply(obj=job, transition=IMPORT_DONE, actor=None, data={"rows": count})
    return job


def _storable(text) -> str:
    """A text the database can hold: a cell may carry a lone surrogate (``_xD800_``) or a NUL."""
    return str(text).encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


def _refuse(job: WorkbookImport, message: str, problems: list) -> WorkbookImport:
    with transaction.atomic():
        job = WorkbookImport.objects.select_for_update().get(pk=job.pk)
        if job.status == S.CANCELLED:
            return job
        job.error, job.problems = _storable(message), [_storable(problem) for problem in problems]
        job.save(update_fields=["error", "problems"])
        transition_apply(obj=job, transition=IMPORT_REFUSED, actor=None, data={"problems": len(problems)})
    return job


# What each kind does, registered by its app in its AppConfig.ready() (core imports no domain app):
# ``runner(job, data, progress) -> int`` imports the rows and returns how many.
RUNNERS = {}


def workbook_import_runner_register(kind: str, runner) -> None:
    RUNNERS[kind] = runner
