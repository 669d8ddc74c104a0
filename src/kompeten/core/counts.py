"""How many rows of a table are in each status, for dashboards and queue tabs. A GROUP BY over the whole table
costs more as the LSP grows (tens of milliseconds at 120 000 cases), so the answer is kept in the shared cache
for COUNTS_SECONDS and forgotten whenever a row of that table is saved or deleted, in every process (bulk
updates, which send no signal, show when the time runs out)."""

from django.apps import apps
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

COUNTS_SECONDS = 60
COUNTED = {"cases.Case": "status", "accounts.RoleAssignment": "role"}  # the tables counted, by which field
# Other answers computed from whole tables, kept the same way: name -> the tables whose saved rows forget it.
CACHED = {"committee-sessions": ("cases.Case", "assessments.Participant", "assessments.AssessmentSession")}


def _key(model: type[models.Model]) -> str:
    return f"kompeten:counts:{model._meta.label_lower}"


def counts_by(model: type[models.Model]) -> dict[str, int]:
    """{value: rows} of a COUNTED ``model`` by its field."""
    field = COUNTED[model._meta.label]
    cache = caches["shared"]
    counts = cache.get(_key(model))
    if counts is None:
        counts = dict(model._base_manager.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        cache.set(_key(model), counts, COUNTS_SECONDS)
    return counts


def _cached_key(name: str) -> str:
    return f"kompeten:cached:{name}"


def cached(name: str, compute):
    """The answer of ``compute()`` for the CACHED ``name``, kept like the counts."""
    cache = caches["shared"]
    answer = cache.get(_cached_key(name))
    if answer is None:
        answer = compute()
        cache.set(_cached_key(name), answer, COUNTS_SECONDS)
    return answer


def _forget(sender, **kwargs) -> None:
    label = sender._meta.label
    keys = [_key(sender)] if label in COUNTED else []
    keys += [_cached_key(name) for name, labels in CACHED.items() if label in labels]
    caches["shared"].delete_many(keys)
    transaction.on_commit(lambda: caches["shared"].delete_many(keys))  # and what was counted meanwhile


def counts_connect() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    for label in {*COUNTED, *(label for labels in CACHED.values() for label in labels)}:
        model = apps.get_model(label)
        post_save.connect(_forget, sender=model, dispatch_uid=f"counts-save-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"counts-delete-{label}")


def count_per_row(queryset: models.QuerySet, field: str):
    """An annotation: how many rows of ``queryset`` have ``field`` pointing at the outer row. A correlated
    subquery, run only for the rows a page shows, where annotate(Count(...)) would group the whole table."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
