import re

import pytest

from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.transitions import Transition, transition_apply
from tests.factories import SchemeFactory

PUBLISH = Transition(
    name="publish",
    sources=frozenset({"draft"}),
    target="active",
    event="kompeten.test.published",
    refused="Hanya draf yang dapat diterbitkan.",
)


def test_it_moves_the_status_and_records_an_event(cast):
    scheme = SchemeFactory(status="draft")
    transition_apply(obj=scheme, transition=PUBLISH, actor=cast.manajer, data={"why": "siap"})
    scheme.refresh_from_db()
    assert scheme.status == "active"
    [event] = audit_events_for(scheme)
    assert (event.code, event.actor, event.data) == (
        "kompeten.test.published",
        cast.manajer,
        {"from": "draft", "to": "active", "why": "siap"},
    )


def test_it_refuses_a_transition_from_another_status_and_changes_nothing(cast):
    scheme = SchemeFactory(status="retired")
    with pytest.raises(DomainError, match=re.escape("Hanya draf yang dapat diterbitkan.")):
        transition_apply(obj=scheme, transition=PUBLISH, actor=cast.manajer)
    scheme.refresh_from_db()
    assert scheme.status == "retired"
    assert list(audit_events_for(scheme)) == []
