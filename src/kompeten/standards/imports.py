"""Importing documents: upload → background parse → preview → confirm (or cancel). Services only."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.formdata import too_large_message
from kompeten.core.services import require_perm
from kompeten.core.transitions import Transition, transition_apply
from kompeten.core.worker import checkpoint
from kompeten.standards import parsing
from kompeten.standards.models import ImportJob, ImportStatus
from kompeten.standards.parsing.readers import sniff_format

logger = logging.getLogger(__name__)

IMPORT_PARSE_START = Transition(
    name="parse_start",
    # PARSING too: read again from the start when the worker reading it was lost (core.worker)
    sources=frozenset({ImportStatus.QUEUED, ImportStatus.PARSING}),
    target=ImportStatus.PARSING,
    event="kompeten.import.parsing",
    refused=gettext_lazy("This document is not waiting to be read."),
)
IMPORT_PARSED = Transition(
    name="parsed",
    sources=frozenset({ImportStatus.PARSING}),
    target=ImportStatus.PARSED,
    event="kompeten.import.parsed",
    refused=gettext_lazy("This document is not being read."),
)
IMPORT_FAILED = Transition(
    name="failed",
    sources=frozenset({ImportStatus.QUEUED, ImportStatus.PARSING}),
    target=ImportStatus.FAILED,
    event="kompeten.import.failed",
    refused=gettext_lazy("This document is not being read."),
)
IMPORT_CONFIRM = Transition(
    name="confirm",
    sources=frozenset({ImportStatus.PARSED}),
    target=ImportStatus.IMPORTED,
    event="kompeten.import.confirmed",
    refused=gettext_lazy(
        "Only a document that has been read and not yet imported or cancelled can be imported."
    ),
)
IMPORT_CANCEL = Transition(
    name="cancel",
    # every state but the final ones: also while it is being read, or stuck there
    sources=frozenset({ImportStatus.QUEUED, ImportStatus.PARSING, ImportStatus.PARSED, ImportStatus.FAILED}),
    target=ImportStatus.CANCELLED,
    event="kompeten.import.cancelled",
    refused=gettext_lazy("This import can no longer be cancelled."),
)
KIND_CHOICES = ("auto", *parsing.KINDS)


def import_job_create(*, actor, name: str, data: bytes, kind: str = "auto") -> ImportJob:
    """Store an uploaded document and queue it to be read in the background."""
    require_perm(actor, "standards.add_importjob")
    limit = settings.KOMPETEN_IMPORT_MAX_MB * 1024 * 1024
    if len(data) > limit:
        raise DomainError(too_large_message(len(data), settings.KOMPETEN_IMPORT_MAX_MB))
    if not data.strip():
        raise DomainError(_("The file is empty."))
    if kind not in KIND_CHOICES:
        raise DomainError(_("Unknown document kind."))
    try:
        file_format = sniff_format(data)
    except parsing.ParseError as error:
        raise DomainError(error.message) from error
    with transaction.atomic():
        job = ImportJob(
            created_by=actor,
            original_name=name[:255] or "dokumen",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            file_format=file_format,
            requested_kind=kind,
        )
        job.file.save("upload.bin", ContentFile(data), save=False)
        job.save()
        audit_log(
            actor=actor,
            code="kompeten.import.uploaded",
            obj=job,
            data={"format": file_format, "size": len(data)},
        )
        from kompeten.standards.tasks import parse_import_job

        parse_import_job.enqueue(job.pk)
    return job


def import_job_parse(*, job: ImportJob) -> ImportJob:
    """Read the stored document (run by the background worker); the job ends parsed or failed."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in IMPORT_PARSE_START.sources:
            return job
        job.progress = 0
        job.save(update_fields=["progress"])
        transition_apply(obj=job, transition=IMPORT_PARSE_START, actor=None)
    checkpoint("import-parse")

    def report(fraction: float) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=min(95, int(fraction * 95)))

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        document = parsing.parse(data, kind=job.requested_kind, progress=report)
    except parsing.ParseError as error:
        return _fail(job, error.message)
    except Exception:
        logger.exception("Import %s could not be parsed", job.pk)
        return _fail(job, _("The document could not be read because of an internal error; please report it."))
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.PARSING:  # cancelled while it was read
            return job
        job.document = document.as_contract()
        job.kind = document.kind
        job.progress = 100
        job.save(update_fields=["document", "kind", "progress"])
        transition_apply(
            obj=job,
            transition=IMPORT_PARSED,
            actor=None,
            data={"kind": job.kind, "units": len(document.units)},
        )
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in IMPORT_FAILED.sources:  # cancelled while it was read
            return job
        job.error = str(message)
        job.save(update_fields=["error"])
        transition_apply(obj=job, transition=IMPORT_FAILED, actor=None, data={"error": job.error})
    return job


WORKER_LOST = gettext_lazy(
    "Reading this document stopped each time it was tried (the background worker stopped). Cancel this "
    "import and upload the document again; if it happens again, report it."
)


def import_job_worker_lost(*, job_id: int, final: bool) -> None:
    """The worker reading the document was lost (core.worker): it is read again from the start, or, after
    the last attempt, the import fails with a message saying so (and can be cancelled and uploaded again)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.PARSING):
        return
    if final:
        _fail(job, WORKER_LOST)
    else:
        ImportJob.objects.filter(pk=job.pk).update(progress=0)


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Import what the document holds, all in one transaction, recorded as one audit event."""
    require_perm(actor, "standards.add_importjob", job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PARSED:
        raise DomainError(IMPORT_CONFIRM.refused)
    try:
        with transaction.atomic():
            data = _job_document_write(job)
    except ValidationError as error:
        raise DomainError(
            _("The document holds something that cannot be stored: %(problems)s")
            % {"problems": " ".join(error.messages)}
        ) from error
    except (IntegrityError, DataError, OverflowError) as error:
        raise DomainError(
            _("The document holds a number, year or code out of range; it cannot be stored as read.")
        ) from error
    job.save(update_fields=["standard", "scheme"])
    transition_apply(obj=job, transition=IMPORT_CONFIRM, actor=actor, data=data)
    return job


def _job_document_write(job: ImportJob) -> dict:
    """Write what the job's document holds; the audit data of the import."""
    document = job.document
    decree = document.get("decree") or {}
    if job.kind == "skkni" and not (decree.get("number") and decree.get("year")):
        # Unit descriptions in the SKKNI layout without the decree (a scheme's "Uraian Unit Kompetensi"):
        # their units are added as a unit listing's would be.
        from kompeten.standards.services import units_from_listing

        return {"without_decree": True, **units_from_listing(document).as_dict()}
    if job.kind == "skkni":
        from kompeten.standards.services import standard_write

        job.standard, summary = standard_write(document)
        return {"standard": job.standard.pk, **summary.as_dict()}
    if job.kind in ("apl02", "scheme"):
        from kompeten.schemes.services import scheme_draft_from_document

        earlier = _earlier_scheme_import(job)
        if earlier is not None:  # the same document again: its scheme as it is, no new version
            job.scheme = earlier.scheme
            units = [unit.get("code") or unit.get("title") for unit in document.get("units") or []]
            return {
                "scheme": job.scheme.pk,
                "new": [],
                "changed": [],
                "unchanged": units,
                "same_as": earlier.pk,
            }
        job.scheme, summary = scheme_draft_from_document(document, fallback_title=job.original_name)
        return {"scheme": job.scheme.pk, **summary.as_dict()}
    from kompeten.standards.services import units_from_listing

    return units_from_listing(document).as_dict()


def _earlier_scheme_import(job: ImportJob) -> ImportJob | None:
    """An earlier import of the same scheme document (read the same) whose scheme still exists."""
    earlier = (
        ImportJob.objects.filter(status=ImportStatus.IMPORTED, kind=job.kind, scheme__isnull=False)
        .exclude(pk=job.pk)
        .select_related("scheme")
        .order_by("-pk")
    )
    for candidate in earlier.filter(sha256=job.sha256)[:5]:
        if candidate.document == job.document:
            return candidate
    for candidate in earlier[:20]:
        if candidate.document == job.document:
            return candidate
    return None


@transaction.atomic
def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """Drop the import: nothing of the document is written."""
    require_perm(actor, "standards.add_importjob", job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    transition_apply(obj=job, transition=IMPORT_CANCEL, actor=actor)
    return job
