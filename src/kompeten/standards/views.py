from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.web import progress_or_refresh
from kompeten.standards import imports, selectors
from kompeten.standards.forms import ImportUploadForm
from kompeten.standards.models import ImportJob, ImportStatus

IMPORTS_PER_PAGE = 20


def _job(request, pk: int) -> ImportJob:
    return get_object_for_user(
        request.user, ImportJob.objects.select_related("created_by"), "standards.add_importjob", pk=pk
    )


@login_required
def import_list(request):
    if not request.user.has_perm("standards.add_importjob"):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            job = imports.import_job_create(
                actor=request.user, name=upload.name, data=upload.read(), kind=form.cleaned_data["kind"]
            )
        except DomainError as error:
            form.add_error("document", error.message)
        else:
            return redirect("standards:import_detail", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(jobs, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "standards/import_list.html", {"form": form, "page": page})


@login_required
def import_detail(request, pk: int):
    job = _job(request, pk)
    context = {"job": job, "events": audit_events_for(job)}
    if job.status == ImportStatus.PARSED:
        if job.kind == "skkni":
            context["preview"], context["missing"] = selectors.import_preview(job.document)
        else:
            context["reconciliation"] = selectors.reconcile(job.document)
    return render(request, "standards/import_detail.html", context)


@login_required
def import_progress(request, pk: int):
    """The progress bar, polled by htmx while the document is read; when it is done the page reloads."""
    return progress_or_refresh(request, _job(request, pk), "standards/_import_progress.html")


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    try:
        job = imports.import_job_confirm(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The document has been imported."))
    return redirect("standards:import_detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    job = _job(request, pk)
    try:
        imports.import_job_cancel(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The import has been cancelled; nothing was saved."))
    return redirect("standards:import_detail", pk=job.pk)
