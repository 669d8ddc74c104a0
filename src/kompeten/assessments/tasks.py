"""Background tasks of the assessments app: thin wrappers around services."""

from django_tasks import task


@task()
def render_ak02_pdf(participant_id: int) -> None:
    from kompeten.assessments.printing import ak02_pdf_store

    ak02_pdf_store(participant_id=participant_id)
