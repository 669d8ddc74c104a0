"""Declared status transitions: the only way a status field changes."""

from dataclasses import dataclass

from django.db import models

from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    event: str
    refused: str  # the (translatable) message shown when the object is not in a source status


def transition_apply(
    *,
    obj: models.Model,
    transition: Transition,
    actor,
    field: str = "status",
    data: dict | None = None,
    subject: models.Model | None = None,
) -> None:
    """Move ``obj`` along ``transition`` and append its audit event, on the trail of ``subject`` when given
    (the page that shows it, e.g. a logbook's certificate), else of ``obj``; call inside the service's
    transaction."""
    current = getattr(obj, field)
    if current not in transition.sources:
        raise DomainError(transition.refused)
    setattr(obj, field, transition.target)
    obj.save(update_fields=[field])
    audit_log(
        actor=actor,
        code=transition.event,
        obj=obj if subject is None else subject,
        data={"from": current, "to": transition.target, **(data or {})},
    )
