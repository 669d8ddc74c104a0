"""What the views of every app share."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from kompeten.core.errors import DomainError


def run_service(request, success: str, action) -> bool:
    """Run a service; its refusal becomes an error message on the page instead of a failure, and its success
    the ``success`` message (none when empty). Returns whether it went through."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True


def progress_or_refresh(request, job, template: str) -> HttpResponse:
    """The progress bar of a background job, polled by htmx while it runs; once it has ended, an empty answer
    telling htmx to reload the page, which then shows what came of it."""
    if job.is_running:
        return render(request, template, {"job": job})
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response
