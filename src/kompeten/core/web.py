"""What the views of every app share."""

from django.contrib import messages

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
