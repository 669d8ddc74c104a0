"""Which uniqueness rule an IntegrityError broke, read the same way on SQLite and PostgreSQL, so that a
service reports the conflict that really happened (and nothing else as if it were that one)."""

import re

from django.db import IntegrityError

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")
_POSTGRES_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)=")


def unique_columns(error: IntegrityError) -> tuple[str, ...] | None:
    """The columns of the unique constraint or index ``error`` broke (``("asesi_id", "scheme_code")``), or
    None when it broke something else (a foreign key, a check)."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:  # psycopg: unique_violation is SQLSTATE 23505
        if getattr(cause, "sqlstate", None) != "23505":
            return None
        found = _POSTGRES_KEY.search(diag.message_detail or "")
        return tuple(column.strip().strip('"') for column in found["columns"].split(",")) if found else ()
    found = _SQLITE_UNIQUE.search(str(error))
    if found is None:
        return None
    return tuple(column.strip().rsplit(".", 1)[-1] for column in found["columns"].split(","))
