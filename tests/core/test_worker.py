"""The worker's reaper: which running tasks belong to a worker that is gone, and what becomes of them."""

import datetime
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kompeten.core.models import WorkerHeartbeat
from kompeten.core.worker import WORKER_LOST, reap
from kompeten.standards.imports import import_job_cancel, import_job_create, import_job_parse
from kompeten.standards.models import ImportJob, ImportStatus

PARSE = "kompeten.standards.tasks.parse_import_job"


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def heartbeat(worker_id, *, host="elsewhere", pid=1, seconds_ago=0):
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=worker_id, host=host, pid=pid, started_at=at, beat_at=at)


def running(job, *worker_ids, started_seconds_ago=1):
    """The job's read left RUNNING by the last of ``worker_ids``; the job stuck in PARSING with it (the state a
    killed worker leaves, which no service reaches)."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PARSING, progress=0)
    return DBTaskResult.objects.create(
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path=PARSE,
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.RUNNING,
        worker_ids=list(worker_ids),
        started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
    )


@pytest.fixture
def job(cast):
    return import_job_create(actor=cast.admin_lsp, name="uji.txt", data=b"Standar uji\n")


def status(task):
    task.refresh_from_db()
    return task.status


def test_a_task_of_a_worker_whose_process_is_gone_runs_again(job):
    heartbeat("w1", host=socket.gethostname(), pid=dead_pid())
    task = running(job, "w1")
    assert reap() == [str(task.pk)]
    assert status(task) == TaskResultStatus.READY
    assert not WorkerHeartbeat.objects.filter(worker_id="w1").exists()
    assert import_job_parse(job=job).status in (ImportStatus.PARSED, ImportStatus.FAILED)  # read again


def test_a_live_worker_here_keeps_its_task_though_a_locked_database_held_up_its_heartbeat(job, settings):
    settings.KOMPETEN_WORKER_STALE_SECONDS = 60
    alive = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()", "db_worker"], stdin=subprocess.PIPE
    )
    try:
        heartbeat("w1", host=socket.gethostname(), pid=alive.pid, seconds_ago=600)
        task = running(job, "w1", started_seconds_ago=600)
        assert reap() == [] and status(task) == TaskResultStatus.RUNNING
    finally:
        alive.communicate(b"")


def test_a_worker_number_given_since_to_another_program_counts_as_gone(job):
    heartbeat("w1", host=socket.gethostname(), pid=os.getpid())  # this test process: no worker
    task = running(job, "w1")
    assert reap() == [str(task.pk)] and status(task) == TaskResultStatus.READY


def test_a_task_of_a_worker_with_a_fresh_heartbeat_elsewhere_is_left_running(job, settings):
    settings.KOMPETEN_WORKER_STALE_SECONDS = 60
    heartbeat("w1", seconds_ago=5)
    task = running(job, "w1", started_seconds_ago=600)
    assert reap() == [] and status(task) == TaskResultStatus.RUNNING


def test_a_task_of_a_silent_worker_elsewhere_runs_again(job, settings):
    settings.KOMPETEN_WORKER_STALE_SECONDS = 60
    heartbeat("w1", seconds_ago=61)
    task = running(job, "w1")
    assert reap() == [str(task.pk)] and status(task) == TaskResultStatus.READY


def test_a_task_of_a_worker_without_a_heartbeat_runs_again_once_it_is_stale(job, settings):
    settings.KOMPETEN_WORKER_STALE_SECONDS = 60
    task = running(job, "plain-worker", started_seconds_ago=30)
    assert reap() == [] and status(task) == TaskResultStatus.RUNNING
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - datetime.timedelta(seconds=61))
    assert reap() == [str(task.pk)] and status(task) == TaskResultStatus.READY


def test_the_workers_own_task_is_never_taken_back(job):
    task = running(job, "me", started_seconds_ago=10_000)
    assert reap(own_worker_id="me") == [] and status(task) == TaskResultStatus.RUNNING


def test_after_the_last_attempt_the_task_fails_and_the_import_says_why(job, settings):
    settings.KOMPETEN_TASK_MAX_ATTEMPTS = 2
    task = running(job, "w1", "w2", started_seconds_ago=10_000)
    reap()
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == (TaskResultStatus.FAILED, WORKER_LOST)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith("Pembacaan dokumen ini terhenti setiap kali dicoba")


def test_an_import_being_read_can_be_cancelled_and_the_read_then_changes_nothing(cast, job):
    running(job, "w1")
    assert import_job_cancel(actor=cast.admin_lsp, job=job).status == ImportStatus.CANCELLED
    assert import_job_parse(job=job).status == ImportStatus.CANCELLED


def test_a_certificate_whose_render_failed_for_good_is_rendered_again_when_its_pdf_is_asked_for(
    cast, scheme, client, settings, django_capture_on_commit_callbacks
):
    from kompeten.certificates import services
    from tests.certificates.test_issuing import competent_case

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.KOMPETEN_TASK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    renders = DBTaskResult.objects.filter(task_path="kompeten.certificates.tasks.render_certificate_pdf")
    [render] = renders.all()  # queued; its worker is then lost at its only attempt
    DBTaskResult.objects.filter(pk=render.pk).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=["w1"],
        started_at=timezone.now() - datetime.timedelta(days=1),
    )
    reap()
    assert status(render) == TaskResultStatus.FAILED
    client.force_login(cast.admin_lsp)
    response = client.get(f"/sertifikat/{certificate.pk}/pdf/", follow=True)
    assert "masih disiapkan" in response.content.decode()
    assert sorted(renders.values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.READY,
    ]
    client.get(f"/sertifikat/{certificate.pk}/pdf/")  # asked again while it waits: not queued twice
    assert renders.count() == 2
