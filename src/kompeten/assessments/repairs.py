"""Repairs of values stored before every date went through core.forms' range rule (issue 12, item 5).

Before FR.AK.01 was read through a Django form, its agreed time was parsed by hand: ``0001-01-01T00:00`` was
stored, and on PostgreSQL a moment before year 1 (after the shift from the TUK's zone to UTC) cannot be read
back, so every page of that participant failed for good. The repair runs in SQL alone (such a row cannot be
loaded into Python) and sets the agreed time to the session's start, the value FR.AK.01 takes when no time is
given; what it changed is written down in one audit event.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery

REPAIRED_CODE = "kompeten.repair.ak01_time"
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
YEARS_AHEAD = 10  # generous: a stored time this far ahead was never a real plan


def out_of_range(field: str, today: datetime.date) -> Q:
    latest = datetime.datetime(today.year + YEARS_AHEAD + 1, 1, 1, tzinfo=datetime.UTC)
    return Q(**{f"{field}__lt": EARLIEST}) | Q(**{f"{field}__gte": latest})


def repair_consent_times(*, consent_model, session_model, audit_model, today: datetime.date) -> list[int]:
    """Set every FR.AK.01 agreed time outside 2000 .. ten years ahead to its session's start; return the ids
    of the FR.AK.01 records repaired."""
    bad = consent_model.objects.filter(out_of_range("agreed_time", today))
    repaired = sorted(bad.values_list("pk", flat=True))
    if not repaired:
        return []
    starts = session_model.objects.filter(participants=OuterRef("participant_id")).values("starts_at")[:1]
    consent_model.objects.filter(pk__in=repaired).update(agreed_time=Subquery(starts))
    audit_model.objects.create(
        code=REPAIRED_CODE,
        object_repr="FR.AK.01",
        data={
            "consents": repaired,
            "field": "agreed_time",
            "set_to": "the session's start (starts_at)",
            "reason": "out of range: before 2000 or more than ten years ahead",
        },
    )
    return repaired
