"""The data migration that repairs FR.AK.01 agreed times stored out of range before the form checked them."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import DataError, connection
from django.utils import timezone

from kompeten.assessments.models import AssessmentSession, Consent
from kompeten.assessments.repairs import REPAIRED_CODE, repair_consent_times
from kompeten.core.models import AuditEvent
from tests.assessment_fixtures import consented

ANCIENT = datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC)  # stored as typed, 0001-01-01


def test_it_sets_an_impossible_agreed_time_to_the_sessions_start_and_writes_it_down(participant):
    consented(participant)
    Consent.objects.filter(participant=participant).update(agreed_time=ANCIENT)
    repaired = repair_consent_times(
        consent_model=Consent,
        session_model=AssessmentSession,
        audit_model=AuditEvent,
        today=timezone.localdate(),
    )
    consent = Consent.objects.get(participant=participant)
    assert repaired == [consent.pk]
    assert consent.agreed_time == participant.session.starts_at
    assert consent.asesi_confirmed_at is not None  # the agreement itself stands
    event = AuditEvent.objects.get(code=REPAIRED_CODE)
    assert (
        event.data["consents"] == [consent.pk]
        and event.description == "Waktu FR.AK.01 di luar rentang diperbaiki"
    )


def test_it_leaves_real_agreed_times_alone_and_writes_nothing(participant):
    consented(participant)
    before = Consent.objects.get(participant=participant).agreed_time
    assert (
        repair_consent_times(
            consent_model=Consent,
            session_model=AssessmentSession,
            audit_model=AuditEvent,
            today=timezone.localdate(),
        )
        == []
    )
    assert Consent.objects.get(participant=participant).agreed_time == before
    assert not AuditEvent.objects.filter(code=REPAIRED_CODE).exists()


def test_the_migration_runs_the_repair_on_the_historical_models(participant):
    consented(participant)
    Consent.objects.filter(participant=participant).update(
        agreed_time=datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)
    )
    migration = importlib.import_module("kompeten.assessments.migrations.0010_repair_out_of_range_dates")
    migration.repair(apps, None)
    assert Consent.objects.get(participant=participant).agreed_time == participant.session.starts_at


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a moment before year 1 exists on PostgreSQL only"
)
def test_it_repairs_on_postgresql_a_time_that_python_cannot_read(participant):
    """0001-01-01 00:00 typed in a WIB TUK is 0000-12-31 17:00 UTC, 1 BC to PostgreSQL: loading the row fails,
    which blocked the participant's pages for good. The repair never loads it."""
    consented(participant)
    consent_pk = Consent.objects.get(participant=participant).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_consent SET agreed_time = %s::timestamptz WHERE id = %s",
            ["0001-01-01 00:00:00+07", consent_pk],
        )
    with pytest.raises((ValueError, OverflowError, DataError)):
        Consent.objects.get(pk=consent_pk).agreed_time  # noqa: B018 — what the pages met
    assert repair_consent_times(
        consent_model=Consent,
        session_model=AssessmentSession,
        audit_model=AuditEvent,
        today=timezone.localdate(),
    ) == [consent_pk]
    assert Consent.objects.get(pk=consent_pk).agreed_time == participant.session.starts_at
