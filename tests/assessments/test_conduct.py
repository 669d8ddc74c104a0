import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kompeten.assessments import conduct
from kompeten.assessments.models import InstrumentRecord, Question
from kompeten.cases.models import CaseStatus
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import consented

TODAY = datetime.date.today()


def test_ak01_needs_both_confirmations(participant):
    with pytest.raises(DomainError, match="belum menyusun rencana asesmen"):
        conduct.consent_confirm(actor=participant.case.asesi, participant=participant)
    with pytest.raises(DomainError, match="Pilih bukti"):
        conduct.consent_propose(
            actor=participant.asesor,
            participant=participant,
            methods=[],
            agreed_time=timezone.now(),
            agreed_place="X",
        )
    consented(participant)
    assert participant.case.status == CaseStatus.CONSENTED


def test_only_the_participants_assessor_fills_instruments(participant, cast):
    consented(participant)
    with pytest.raises(PermissionDenied):
        conduct.instrument_field_save(
            actor=cast.komite, participant=participant, kind="IA.01", key="kuk:1", value="K", version=0
        )
    with pytest.raises(PermissionDenied):
        conduct.instrument_field_save(
            actor=participant.case.asesi,
            participant=participant,
            kind="IA.01",
            key="kuk:1",
            value="K",
            version=0,
        )


def test_instrument_fields_autosave_with_their_own_versions(participant):
    consented(participant)
    kuk = participant.session.scheme.scheme_units.first().unit.elements.first().criteria.first()
    assert (
        conduct.instrument_field_save(
            actor=participant.asesor,
            participant=participant,
            kind="IA.01",
            key=f"kuk:{kuk.pk}",
            value="K",
            version=0,
        )
        == 1
    )
    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.ASSESSING  # the first answer starts the assessment
    # Another field saved from a second device does not conflict …
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.01",
        key=f"note:{kuk.pk}",
        value="Rapi",
        version=0,
    )
    # … but the same field saved from an outdated device is refused, and says what it reads now.
    with pytest.raises(conduct.StaleField, match="Sekarang tertulis: K"):
        conduct.instrument_field_save(
            actor=participant.asesor,
            participant=participant,
            kind="IA.01",
            key=f"kuk:{kuk.pk}",
            value="BK",
            version=0,
        )
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.01")
    assert record.value(f"kuk:{kuk.pk}") == "K" and record.value(f"note:{kuk.pk}") == "Rapi"


def test_a_concluded_instrument_is_locked_and_acknowledged_by_the_candidate(participant):
    consented(participant)
    conduct.instrument_conclude(
        actor=participant.asesor, participant=participant, kind="IA.07", recommendation="K", feedback="Baik"
    )
    with pytest.raises(DomainError, match="terkunci"):
        conduct.instrument_field_save(
            actor=participant.asesor,
            participant=participant,
            kind="IA.07",
            key="answer:1",
            value="x",
            version=0,
        )
    record = conduct.instrument_acknowledge(
        actor=participant.case.asesi, participant=participant, kind="IA.07"
    )
    assert record.asesi_confirmed_at


@pytest.fixture
def bank(participant):
    unit = participant.session.scheme.scheme_units.first().unit
    return [
        Question.objects.create(unit=unit, text=f"Soal {n}", options=["A", "B", "C", "D"], answer=n % 4)
        for n in range(4)
    ]


def test_the_written_test_is_timed_and_scored_on_the_server(participant, bank):
    consented(participant)
    attempt = conduct.test_open(actor=participant.asesor, participant=participant, minutes=30, pass_mark=75)
    assert sorted(attempt.question_ids) == sorted(q.pk for q in bank)
    with pytest.raises(DomainError, match="ditutup"):
        conduct.test_answer(
            actor=participant.case.asesi, attempt=attempt, question_id=bank[0].pk, option=0
        )  # not started
    attempt = conduct.test_start(actor=participant.case.asesi, attempt=attempt)
    assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=30)
    for question in bank[:3]:
        conduct.test_answer(
            actor=participant.case.asesi, attempt=attempt, question_id=question.pk, option=question.answer
        )
    conduct.test_answer(
        actor=participant.case.asesi, attempt=attempt, question_id=bank[3].pk, option=(bank[3].answer + 1) % 4
    )
    attempt = conduct.test_submit(actor=participant.case.asesi, attempt=attempt)
    assert attempt.score == 75
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.05")
    assert (record.recommendation, record.value("result:correct")) == ("K", "3/4")


def test_answers_after_the_deadline_are_refused_and_the_test_closes(participant, bank):
    consented(participant)
    attempt = conduct.test_start(
        actor=participant.case.asesi,
        attempt=conduct.test_open(actor=participant.asesor, participant=participant),
    )
    attempt.deadline = timezone.now() - datetime.timedelta(seconds=1)
    attempt.save()
    with pytest.raises(DomainError, match="ditutup"):
        conduct.test_answer(actor=participant.case.asesi, attempt=attempt, question_id=bank[0].pk, option=0)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 0


def test_another_candidate_cannot_take_the_test(participant, bank, other_applicant):
    consented(participant)
    attempt = conduct.test_open(actor=participant.asesor, participant=participant)
    with pytest.raises(PermissionDenied):
        conduct.test_start(actor=other_applicant, attempt=attempt)


def test_ak02_suggests_bk_when_a_unit_lacks_evidence_and_keeps_the_reason(participant):
    consented(participant)
    conduct.instrument_conclude(
        actor=participant.asesor, participant=participant, kind="IA.01", recommendation="K"
    )
    units = [str(u) for u in participant.session.scheme.scheme_units.values_list("unit_id", flat=True)]
    draft = conduct.record_draft(participant)
    assert draft[units[0]] == ["observasi"]
    sufficient = {units[0]: True, units[1]: False}
    with pytest.raises(DomainError, match="menyarankan BK"):
        conduct.record_sign(
            actor=participant.asesor,
            participant=participant,
            evidence=draft,
            sufficient=sufficient,
            recommendation="K",
        )
    record = conduct.record_sign(
        actor=participant.asesor,
        participant=participant,
        evidence=draft,
        sufficient=sufficient,
        recommendation="K",
        reason="Unit 2 dibuktikan lewat portofolio lama",
    )
    assert (record.suggested, record.recommendation) == ("BK", "K")
    participant.case.refresh_from_db()
    assert participant.case.status == CaseStatus.RECOMMENDED
    assert conduct.record_acknowledge(actor=participant.case.asesi, participant=participant).asesi_signed_at
