"""Certificate numbers: drawn from the year's counter (``core.counters``), locked inside the issuing transaction,
so that numbers are unique and without gaps however many are issued at once (a failed issue rolls its number
back with it)."""

import datetime

from django.conf import settings
from django.db import transaction

from kompeten.core import counters


def counter_key(year: int | str) -> str:
    """The counter of the certificates of ``year``."""
    return f"certificate:{year}"


def next_sequence(year: int | str) -> int:
    """The next certificate sequence of ``year``; call inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside the issuing transaction")
    return counters.next_value(counter_key(year))


def written(pattern: str, *, seq: int, year: int, scheme_code: str) -> str:
    return pattern.format(seq=seq, year=year, scheme_code=scheme_code)


def numbers_for(*, scheme_code: str, issued_on: datetime.date) -> tuple[str, str, int]:
    """(certificate number, registration number, sequence) for a certificate issued on ``issued_on``."""
    seq = next_sequence(issued_on.year)
    values = {"seq": seq, "year": issued_on.year, "scheme_code": scheme_code}
    return (
        written(settings.KOMPETEN_CERTIFICATE_NUMBER, **values),
        written(settings.KOMPETEN_REGISTRATION_NUMBER, **values),
        seq,
    )


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
