"""The background worker: django-tasks-db's, made to survive a bad day.

* **Heartbeat.** A worker keeps a ``WorkerHeartbeat`` row (host, pid, ``beat_at``) renewed by a thread every
  ``KOMPETEN_WORKER_HEARTBEAT_SECONDS`` while it runs, tasks included.
* **Reaper.** On start and then at every heartbeat, a worker takes back the tasks left RUNNING by a worker that
  is gone: on this machine, its process no longer runs; on another, its heartbeat is older than
  ``KOMPETEN_WORKER_STALE_SECONDS`` (a task of a worker without any heartbeat: once it started that long ago). Such a task runs again, up to
  ``KOMPETEN_TASK_MAX_ATTEMPTS`` attempts in all (every task is written to be run twice without doing anything
  twice); after the last one it is marked failed, and the app that owns it is told (``on_worker_lost``), so
  that an import shows "could not be read" instead of "being read" for ever.
* **Locked database.** A locked SQLite database (``database is locked``) makes the worker wait and try again
  with a growing pause, whether it is claiming a task, recording its outcome or inside the task itself (the
  task is then queued again, within the same attempts); it never makes the worker exit.

``checkpoint(name)`` is a test hook: with ``KOMPETEN_TASK_CHECKPOINTS`` set to a folder, a task reaching the
checkpoint writes ``<name>.reached`` there and waits for ``<name>.release``; unset (always, outside the fault
tests), it does nothing.
"""

import datetime
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from kompeten.core.models import WorkerHeartbeat

logger = logging.getLogger("kompeten.worker")

LOCK_PAUSE_FIRST, LOCK_PAUSE_LONGEST = 0.2, 10.0
WORKER_LOST = "kompeten.core.worker.WorkerLost"

_lost_handlers: dict[str, Callable] = {}


class WorkerLost(Exception):
    """The worker running a task stopped (killed, crashed, out of memory) before the task finished."""


def on_worker_lost(task) -> Callable:
    """Register ``handler(*args, final, **kwargs)``, called with a task's arguments when the task's worker was
    lost: ``final`` is False when it runs again, True when it is marked failed (its last attempt). It runs in
    the transaction that takes the task back."""

    def register(handler: Callable) -> Callable:
        _lost_handlers[task.module_path] = handler
        return handler

    return register


def checkpoint(name: str) -> None:
    folder = getattr(settings, "KOMPETEN_TASK_CHECKPOINTS", "")
    if not folder:
        return
    Path(folder, f"{name}.reached").write_text(str(os.getpid()))
    release = Path(folder, f"{name}.release")
    while not release.exists():
        time.sleep(0.05)


def is_locked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and is_locked_database_exception(error)


def worker_process_alive(pid: int) -> bool:
    """Whether ``pid`` is a running worker on this machine (not a zombie, not another program that was given
    the number since)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    try:  # a killed child its parent has not waited for yet is gone too
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        command = (proc / "cmdline").read_bytes()
    except (OSError, IndexError):  # no /proc here: the process exists, that is all we know
        return True
    return state not in ("Z", "X") and b"db_worker" in command


def worker_gone(beat: WorkerHeartbeat | None, *, started_at, stale_before, host: str) -> bool:
    """Whether the worker of a running task is gone, from its heartbeat (None: it has none). On this machine
    its process says so (a live worker whose beats are held up by a locked database is not gone); elsewhere
    its heartbeat's age."""
    if beat is None:
        return started_at is None or started_at < stale_before
    if beat.host == host:
        return not worker_process_alive(beat.pid)
    return beat.beat_at < stale_before


def reap(*, backend_name: str = "default", own_worker_id: str = "") -> list[str]:
    """Take back the tasks whose worker is gone (run again, or failed after the last attempt); their ids."""
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.KOMPETEN_WORKER_STALE_SECONDS)
    host = socket.gethostname()
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.all()}
    taken = []
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    for task_id, worker_ids, started_at in running.values_list("id", "worker_ids", "started_at"):
        owner = worker_ids[-1] if worker_ids else ""
        if owner == own_worker_id:
            continue
        gone = worker_gone(beats.get(owner), started_at=started_at, stale_before=stale_before, host=host)
        if gone and _take_back(task_id, worker_ids):
            taken.append(str(task_id))
    gone = [
        worker_id
        for worker_id, beat in beats.items()
        if worker_id != own_worker_id
        and worker_gone(beat, started_at=None, stale_before=stale_before, host=host)
    ]
    if gone:
        WorkerHeartbeat.objects.filter(worker_id__in=gone).delete()
    return taken


def _take_back(task_id, worker_ids: list) -> bool:
    with exclusive_transaction(DBTaskResult.objects.db):
        task = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        if task is None or task.worker_ids != worker_ids:  # finished or taken back meanwhile
            return False
        final = len(task.worker_ids) >= settings.KOMPETEN_TASK_MAX_ATTEMPTS
        args = task.args_kwargs
        handler = _handler(task.task_path)
        if handler is not None:
            handler(*args.get("args", ()), final=final, **args.get("kwargs", {}))
        if final:
            task.status = TaskResultStatus.FAILED
            task.finished_at = timezone.now()
            task.exception_class_path = WORKER_LOST
            task.traceback = (
                f"{WORKER_LOST}: the worker stopped during each of the {len(task.worker_ids)} attempts "
                f"(workers {', '.join(task.worker_ids)})"
            )
            task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            logger.error(
                "Task %s (%s) failed: its worker was lost %d times", task.pk, task.task_path, len(worker_ids)
            )
        else:
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            logger.warning(
                "Task %s (%s) queued again: its worker %s was lost", task.pk, task.task_path, worker_ids[-1]
            )
    return True


def _handler(task_path: str) -> Callable | None:
    from django.utils.module_loading import import_string

    try:
        import_string(task_path)  # importing the task's module registers its handler
    except ImportError:
        return None
    return _lost_handlers.get(task_path)


class KompetenWorker(Worker):
    """django-tasks-db's worker with a heartbeat, a reaper and patience with a locked database."""

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s pid=%s queues=%s", self.worker_id, os.getpid(), self.queue_names
        )
        self.host = socket.gethostname()
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._reap_due = 0.0
        self.patiently(self.beat)
        beating = threading.Thread(target=self._beat_forever, name="kompeten-heartbeat", daemon=True)
        beating.start()
        try:
            self._loop()
        finally:
            self._stop.set()
            beating.join(timeout=5)
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:  # the next worker purges it anyway
                logger.warning("The heartbeat of %s could not be removed", self.worker_id)

    def _loop(self) -> None:
        while self.running:
            close_old_connections()
            if time.monotonic() >= self._reap_due:
                self.patiently(lambda: reap(backend_name=self.backend_name, own_worker_id=self.worker_id))
                self._reap_due = time.monotonic() + settings.KOMPETEN_WORKER_HEARTBEAT_SECONDS
            task_result = self.patiently(self.claim)
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Ran %d tasks on worker_id=%s - exiting gracefully.", self._run_tasks, self.worker_id
                )
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def patiently(self, work: Callable):
        """``work()``, waited for and tried again for as long as the database is locked."""
        pause = LOCK_PAUSE_FIRST
        while True:
            try:
                return work()
            except OperationalError as error:
                if not is_locked(error):
                    raise
                logger.warning("The database is locked; the worker tries again in %.1f s", pause)
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, LOCK_PAUSE_LONGEST)

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # RUNNING, with this worker's id appended
        return task_result

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": self.host,
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": timezone.now(),
            },
        )

    def _beat_forever(self) -> None:
        while not self._stop.wait(settings.KOMPETEN_WORKER_HEARTBEAT_SECONDS):
            try:
                self.beat()
            except Exception as error:  # a locked database: the next beat will do
                logger.warning("The heartbeat of %s was not written: %s", self.worker_id, error)
            finally:
                close_old_connections()
        connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run the task and record how it ended; a locked database queues it again instead of failing it."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            self.patiently(lambda: db_task_result.set_successful(value))
        except BaseException as error:
            if is_locked(error) and len(db_task_result.worker_ids) < settings.KOMPETEN_TASK_MAX_ATTEMPTS:
                logger.warning("Task %s met a locked database; it is queued again", db_task_result.pk)
                self.patiently(lambda: self._requeue(db_task_result))
                return
            logger.exception("Task %s (%s) failed", db_task_result.pk, db_task_result.task_path)
            self.patiently(lambda failure=error: db_task_result.set_failed(failure))
        finally:
            self.running_task = False
            self._run_tasks += 1
        try:
            task_finished.send(
                sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result
            )
        except Exception:
            logger.exception("Task id=%s: task_finished failed", db_task_result.pk)

    @staticmethod
    def _requeue(db_task_result: DBTaskResult) -> None:
        """Ready again, after a pause growing with its attempts (the lock is likely held a while longer)."""
        pause = datetime.timedelta(seconds=5 * len(db_task_result.worker_ids))
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, run_after=timezone.now() + pause
        )
