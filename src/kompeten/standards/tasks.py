"""Background tasks of the standards app: thin wrappers around services."""

from django_tasks import task


@task()
def parse_import_job(job_id: int) -> None:
    from kompeten.standards.imports import import_job_parse
    from kompeten.standards.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        import_job_parse(job=job)
