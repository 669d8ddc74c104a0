"""``kompeten manage db_worker``: django-tasks-db's command, running Kompeten's worker (``core.worker``): a
heartbeat, tasks of a lost worker taken back, and patience with a locked database."""

from django_tasks_db.management.commands import db_worker

from kompeten.core.worker import KompetenWorker


class Command(db_worker.Command):
    help = "Run the background worker (heartbeat, lost tasks taken back, patient with a locked database)"

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = KompetenWorker  # the parent's handle() builds its worker from this name
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
