"""Background tasks of the standards app: thin wrappers around services."""

from django_tasks import task

from kompeten.core.worker import on_worker_lost


@task()
def parse_import_job(job_id: int) -> None:
    from kompeten.standards.imports import import_job_parse
    from kompeten.standards.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        import_job_parse(job=job)


@on_worker_lost(parse_import_job)
def _parse_import_job_lost(job_id: int, *, final: bool) -> None:
    from kompeten.standards.imports import import_job_worker_lost

    import_job_worker_lost(job_id=job_id, final=final)
