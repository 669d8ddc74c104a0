"""Numbers drawn from a counter row locked inside the transaction that uses them: unique and without gaps
however many are drawn at once (a rolled-back transaction gives its number back). Every reference Kompeten
writes (certificate, case, jadwal …) comes from here."""

from collections.abc import Callable

from django.db import transaction

from kompeten.core.models import Counter


def next_value(key: str, *, start: Callable[[], int] | None = None) -> int:
    """The next number of the sequence ``key``; call inside the transaction that uses it.

    ``start`` gives the highest number already in use when the sequence is new (references written before
    the counter existed), read once, when its row is created."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that uses the number")
    counter = _locked(key, start)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def raise_to(key: str, value: int) -> bool:
    """Move the sequence ``key`` past ``value`` (numbers taken elsewhere); whether it moved. Inside a
    transaction: the row stays locked until it ends, so that no number is drawn meanwhile."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("raise_to must run inside a transaction")
    counter = _locked(key, None)
    if counter.last >= value:
        return False
    counter.last = value
    counter.save(update_fields=["last"])
    return True


def current(key: str) -> int:
    """The last number drawn from ``key`` (0 for a sequence never used)."""
    return Counter.objects.filter(key=key).values_list("last", flat=True).first() or 0


def _locked(key: str, start: Callable[[], int] | None) -> Counter:
    counter = Counter.objects.select_for_update().filter(key=key).first()
    if counter is not None:
        return counter
    # A new sequence: created at most once whoever else creates it at the same moment (the loser of the
    # insert waits for the winner's transaction, then finds its row).
    Counter.objects.bulk_create([Counter(key=key, last=start() if start else 0)], ignore_conflicts=True)
    return Counter.objects.select_for_update().get(key=key)


def highest_suffix(queryset, field: str, prefix: str) -> int:
    """The highest number written after ``prefix`` in ``field`` (``APL-2026-000042`` → 42), 0 for none: where
    a sequence starts when references were written before its counter."""
    values = queryset.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True).iterator()
    return max((int(value[len(prefix) :]) for value in values if value[len(prefix) :].isdigit()), default=0)
