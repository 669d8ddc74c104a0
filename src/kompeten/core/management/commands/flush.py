"""``flush`` that can empty the append-only audit log too.

Flushing wipes every table (tests do it between browser tests). On SQLite that is a row DELETE, which
the audit triggers refuse, so they are lifted for the wipe and put back at once. PostgreSQL flushes with
TRUNCATE, which row triggers do not see.
"""

from django.core.management.commands import flush
from django.db import connections

from kompeten.core.append_only import install_triggers, remove_triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        remove_triggers(connection)
        try:
            return super().handle(**options)
        finally:
            install_triggers(connection)
