"""Background task of the workbook imports: a thin wrapper around the service."""

from django_tasks import task


@task()
def run_workbook_import(job_id: int) -> None:
    from kompeten.core.import_jobs import workbook_import_run

    workbook_import_run(job_id=job_id)
