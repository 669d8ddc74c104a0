import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from kompeten.core.audit import audit_events_for, audit_log
from kompeten.core.models import AuditEvent
from tests.factories import SchemeFactory


@pytest.fixture
def event(cast):
    return audit_log(actor=cast.admin_lsp, code="kompeten.test.happened", obj=cast.asesi, data={"n": 1})


def test_it_records_actor_code_object_and_data(event, cast):
    event.refresh_from_db()
    assert event.actor == cast.admin_lsp
    assert event.code == "kompeten.test.happened"
    assert event.object_id == str(cast.asesi.pk)
    assert event.object_repr == str(cast.asesi)
    assert event.data == {"n": 1}
    assert list(audit_events_for(cast.asesi)) == [event]


def test_it_records_the_system_as_no_actor(db):
    scheme = SchemeFactory()
    event = audit_log(actor=None, code="kompeten.test.system", obj=scheme)
    assert event.actor is None
    assert list(audit_events_for(scheme)) == [event]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET code = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_remove_an_event(event, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.code == "kompeten.test.happened"


def test_the_orm_refuses_to_save_or_delete_a_stored_event(event):
    event.code = "forged"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).code == "kompeten.test.happened"


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_the_triggers_stay(cast):
    audit_log(actor=None, code="kompeten.test.before_flush")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    event = audit_log(actor=None, code="kompeten.test.after_flush")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_every_event_code_written_by_the_code_reads_as_text():
    import re

    from kompeten.core.audit import EVENT_TEXTS
    from tests.conftest import PROJECT_DIR

    source = "\n".join(path.read_text() for path in (PROJECT_DIR / "src" / "kompeten").rglob("*.py"))
    written = set(re.findall(r'(?:code|event)="(kompeten\.[a-z_]+\.[a-z_]+)"', source))
    written |= set(re.findall(r'"(kompeten\.admin\.[a-z_]+)"', source))
    assert written, "the search found no event codes"
    assert written <= set(EVENT_TEXTS), sorted(written - set(EVENT_TEXTS))
