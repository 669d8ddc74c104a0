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


def _forget(sender, **kwargs) -> None:
    key = _key(sender)
    caches["shared"].delete(key)
    transaction.on_commit(lambda: caches["shared"].delete(key))  # and what was counted meanwhile


def counts_connect() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    for label in COUNTED:
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
