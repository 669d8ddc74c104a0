"""Background tasks of the certificates app: thin wrappers around services."""

import contextlib

from django_tasks import task


@task()
def render_certificate_pdf(certificate_id: int) -> None:
    from kompeten.certificates.printing import certificate_pdf_store

    certificate_pdf_store(certificate_id=certificate_id)


@task()
def issue_certificate(case_id: int, actor_id: int) -> None:
    """One certificate of a bulk issue; a case issued meanwhile is left as it is."""
    from kompeten.accounts.models import User
    from kompeten.cases.models import Case
    from kompeten.certificates.services import certificate_issue
    from kompeten.core.errors import DomainError

    with contextlib.suppress(DomainError):
        certificate_issue(actor=User.objects.get(pk=actor_id), case=Case.objects.get(pk=case_id))
