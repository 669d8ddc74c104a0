"""The page of a background Excel import: its progress bar while the worker reads it, then what came of
it (the count imported, or the problems by row), and a way to cancel it while it runs."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kompeten.core import import_jobs
from kompeten.core.errors import DomainError
from kompeten.core.formdata import too_large_message
from kompeten.core.import_jobs import WorkbookImport, WorkbookImportKind
from kompeten.core.web import progress_or_refresh, run_service


class WorkbookUploadForm(forms.Form):
    """One Excel file, at most ``max_mb`` megabytes."""

    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        error_messages={"required": gettext_lazy("Choose an Excel file (.xlsx).")},
    )

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(too_large_message(upload.size, self.max_mb))
        return upload


def workbook_import_start(request, *, kind: str, max_mb: int, scheme=None):
    """Queue the uploaded workbook; the redirect to its page, or None with the refusal shown as a message."""
    form = WorkbookUploadForm(request.POST, request.FILES, max_mb=max_mb)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return None
    upload = form.cleaned_data["file"]
    try:
        job = import_jobs.workbook_import_create(
            actor=request.user, kind=kind, name=upload.name, data=upload.read(), scheme=scheme
        )
    except DomainError as error:
        messages.error(request, error.message)
        return None
    return redirect("core:workbook_import", pk=job.pk)


def _job(request, pk: int) -> WorkbookImport:
    job = WorkbookImport.objects.select_related("created_by", "scheme").filter(pk=pk).first()
    if job is None or not request.user.has_perm(import_jobs.PERMISSIONS[job.kind]):
        raise Http404
    return job


def _back(job: WorkbookImport) -> str:
    if job.kind == WorkbookImportKind.QUESTION_BANK:
        return reverse("assessments:question_bank", kwargs={"scheme_pk": job.scheme_id})
    return reverse("certificates:legacy_import")


@login_required
def workbook_import(request, pk: int):
    job = _job(request, pk)
    return render(request, "core/workbook_import.html", {"job": job, "back": _back(job)})


@login_required
def workbook_import_progress(request, pk: int):
    """The progress bar, polled by htmx while the worker reads the file; when it is done the page reloads."""
    return progress_or_refresh(request, _job(request, pk), "core/_workbook_import_progress.html")


@login_required
@require_POST
def workbook_import_cancel(request, pk: int):
    job = _job(request, pk)
    run_service(
        request,
        _("The import has been cancelled; nothing was saved."),
        lambda: import_jobs.workbook_import_cancel(actor=request.user, job=job),
    )
    return redirect("core:workbook_import", pk=job.pk)
