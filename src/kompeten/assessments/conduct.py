"""Running the assessment: FR.AK.01 consent, the FR.IA instruments, the FR.IA.05 test, and FR.AK.02."""

import datetime
import random
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.assessments.models import (
    Adjustment,
    AssessmentRecord,
    Consent,
    EvidenceMethod,
    InstrumentKind,
    InstrumentRecord,
    Participant,
    Question,
    Recommendation,
    TestAttempt,
)
from kompeten.cases import lifecycle
from kompeten.cases.models import CaseStatus
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.formdata import is_number
from kompeten.core.notify import notify
from kompeten.standards.models import Criterion

STATEMENTS = [
    gettext_lazy("The candidate: I have been told of my right to appeal the assessment decision."),
    gettext_lazy(
        "The assessor: I will not disclose the results of this assessment except to those entitled to them."
    ),
    gettext_lazy(
        "The candidate: I agree that the information gathered is used only for this assessment and its review."
    ),
]
FIELD_KEY = re.compile(
    r"^(kuk|kukref|note|question|answer|result|item|valid|asli|terkini|memadai):[0-9a-z]{1,20}$"
)
YES_NO_FIELDS = ("item:", "valid:", "asli:", "terkini:", "memadai:")
PORTFOLIO_CHECKS = [  # FR.IA.08, per document: V A T M
    ("valid", gettext_lazy("Valid")),
    ("asli", gettext_lazy("Authentic")),
    ("terkini", gettext_lazy("Current")),
    ("memadai", gettext_lazy("Sufficient")),
]
BRIEF_FIELDS = {  # what the instruction sheet of a task or project sets out, above its questions
    "IA.02": [
        ("instructions", gettext_lazy("General instructions")),
        ("scenario", gettext_lazy("Scenario of the task")),
        ("steps", gettext_lazy("Work steps")),
        ("equipment", gettext_lazy("Equipment and materials")),
        ("time", gettext_lazy("Time allowed")),
    ],
    "IA.04": [
        ("prepare", gettext_lazy("What the candidate prepares")),
        ("demonstrate", gettext_lazy("What the candidate demonstrates")),
        ("scope", gettext_lazy("Scope of the presentation")),
        ("supervisor", gettext_lazy("Workplace supervisor who confirms the project")),
    ],
}
MATERIAL_REVIEW_ITEMS = [  # FR.IA.11
    gettext_lazy("The instructions of the assessment material are clear."),
    gettext_lazy("The wording is right for the candidates."),
    gettext_lazy("The material covers the evidence requirements of the units."),
    gettext_lazy("The language, literacy and numeracy level fits the candidates."),
    gettext_lazy("The level of difficulty fits the qualification."),
    gettext_lazy("Benchmarks (answer keys, model answers) are available."),
    gettext_lazy("The material needs modification."),
    gettext_lazy("The material is ready to use."),
]
INSTRUMENT_METHODS = {
    InstrumentKind.IA01: EvidenceMethod.OBSERVATION,
    InstrumentKind.IA02: EvidenceMethod.OBSERVATION,
    InstrumentKind.IA03: EvidenceMethod.ORAL,
    InstrumentKind.IA04: EvidenceMethod.PROJECT,
    InstrumentKind.IA05: EvidenceMethod.WRITTEN,
    InstrumentKind.IA06: EvidenceMethod.WRITTEN,
    InstrumentKind.IA07: EvidenceMethod.ORAL,
    InstrumentKind.IA08: EvidenceMethod.PORTFOLIO,
    InstrumentKind.IA09: EvidenceMethod.INTERVIEW,
    InstrumentKind.IA10: EvidenceMethod.THIRD_PARTY,
}


class StaleField(DomainError):
    """The field was saved from elsewhere after this device loaded it."""


def _require_assessor(actor, participant: Participant) -> None:
    if participant.asesor_id != getattr(actor, "pk", None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def _require_candidate(actor, participant: Participant) -> None:
    if participant.case.asesi_id != getattr(actor, "pk", None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def _locked(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update()
        .select_related("case__asesi", "session__scheme", "asesor")
        .get(pk=participant.pk)
    )


def participant_link(participant: Participant) -> str:
    return reverse("assessments:participant", kwargs={"pk": participant.pk})


# --- FR.AK.01 ----------------------------------------------------------------------------------------


@transaction.atomic
def consent_propose(
    *, actor, participant: Participant, methods: list[str], agreed_time: datetime.datetime, agreed_place: str
) -> Consent:
    """The assessor sets out the evidence to gather, the time and the place, and confirms FR.AK.01."""
    _require_assessor(actor, participant)
    participant = _locked(participant)
    if participant.case.status != CaseStatus.SCHEDULED:
        raise DomainError(lifecycle.refused("consent"))
    chosen = [method for method in methods if method in EvidenceMethod.values]
    if not chosen:
        raise DomainError(_("Choose the evidence that will be gathered."))
    if not agreed_place.strip():
        raise DomainError(_("Give the agreed place."))
    consent, _created = Consent.objects.update_or_create(
        participant=participant,
        defaults={
            "methods": chosen,
            "agreed_time": agreed_time,
            "agreed_place": agreed_place.strip(),
            "asesor_confirmed_at": timezone.now(),
            "asesi_confirmed_at": None,
        },
    )
    audit_log(actor=actor, code="kompeten.ak01.proposed", obj=participant.case, data={"methods": chosen})
    notify(
        participant.case.asesi,
        _("Read and agree to the assessment plan (FR.AK.01)."),
        participant_link(participant),
    )
    return consent


@transaction.atomic
def consent_confirm(*, actor, participant: Participant) -> Consent:
    """The candidate agrees to FR.AK.01; with both confirmations the assessment may start."""
    _require_candidate(actor, participant)
    participant = _locked(participant)
    consent = Consent.objects.select_for_update().filter(participant=participant).first()
    if consent is None or consent.asesor_confirmed_at is None:
        raise DomainError(_("Your assessor has not set out the assessment plan yet."))
    if consent.asesi_confirmed_at is None:
        consent.asesi_confirmed_at = timezone.now()
        consent.save(update_fields=["asesi_confirmed_at"])
        lifecycle.case_move(actor=actor, case=participant.case, name="consent")
        notify(
            participant.asesor,
            _("%(candidate)s agreed to FR.AK.01.") % {"candidate": participant.case.asesi},
            participant_link(participant),
        )
    return consent


# --- FR.AK.07 ----------------------------------------------------------------------------------------

ADJUSTMENT_ITEMS = [
    gettext_lazy("Language, literacy and numeracy support"),
    gettext_lazy("A reader or a scribe"),
    gettext_lazy("Adaptive technology or special equipment"),
    gettext_lazy("Flexible timing of the assessment"),
    gettext_lazy("Material in braille or audio"),
    gettext_lazy("Changes to the physical setting"),
    gettext_lazy("Considerations of age or gender"),
    gettext_lazy("Considerations of culture or religion"),
]
ADJUSTABLE = (CaseStatus.SCHEDULED, CaseStatus.CONSENTED, CaseStatus.ASSESSING)


@transaction.atomic
def adjustment_record(
    *, actor, participant: Participant, potential: int, answers: dict, agreed: str
) -> Adjustment:
    """The assessor records the reasonable adjustments; a change asks the candidate to agree again."""
    _require_assessor(actor, participant)
    participant = _locked(participant)
    if participant.case.status not in ADJUSTABLE:
        raise DomainError(_("Reasonable adjustments are agreed before FR.AK.02 is signed."))
    if potential not in range(1, 6):
        raise DomainError(_("Choose the candidate's potential (1 to 5)."))
    cleaned = {
        str(n): {"needed": bool(item.get("needed")), "note": str(item.get("note", ""))[:1000]}
        for n, item in answers.items()
        if is_number(n) and 1 <= int(n) <= len(ADJUSTMENT_ITEMS)
    }
    if any(item["needed"] for item in cleaned.values()) and not agreed.strip():
        raise DomainError(_("Describe the adjustment agreed to the benchmark, method and instrument."))
    adjustment, _created = Adjustment.objects.update_or_create(
        participant=participant,
        defaults={
            "potential": potential,
            "answers": cleaned,
            "agreed": agreed.strip()[:4000],
            "asesor_signed_at": timezone.now(),
            "asesi_signed_at": None,
        },
    )
    audit_log(actor=actor, code="kompeten.ak07.recorded", obj=participant.case, data={"potential": potential})
    notify(
        participant.case.asesi,
        _("Read and agree to the reasonable adjustments (FR.AK.07)."),
        participant_link(participant),
    )
    return adjustment


@transaction.atomic
def adjustment_confirm(*, actor, participant: Participant) -> Adjustment:
    _require_candidate(actor, participant)
    participant = _locked(participant)
    adjustment = Adjustment.objects.select_for_update().filter(participant=participant).first()
    if adjustment is None:
        raise DomainError(_("Your assessor has not recorded reasonable adjustments."))
    if participant.case.status not in ADJUSTABLE:
        raise DomainError(_("Reasonable adjustments are agreed before FR.AK.02 is signed."))
    if adjustment.asesi_signed_at is None:
        adjustment.asesi_signed_at = timezone.now()
        adjustment.save(update_fields=["asesi_signed_at"])
        audit_log(actor=actor, code="kompeten.ak07.agreed", obj=participant.case)
    return adjustment


# --- the instruments ---------------------------------------------------------------------------------


def _instrument(participant: Participant, kind: str) -> InstrumentRecord:
    if kind not in InstrumentKind.values:
        raise DomainError(_("Unknown instrument."))
    record, _created = InstrumentRecord.objects.select_for_update().get_or_create(
        participant=participant, kind=kind
    )
    return record


def _kuk_of_scheme(value: str, scheme) -> bool:
    return (
        is_number(value) and Criterion.objects.filter(pk=int(value), element__unit__schemes=scheme).exists()
    )


def _start_if_needed(actor, participant: Participant) -> None:
    if participant.case.status == CaseStatus.CONSENTED:
        lifecycle.case_move(actor=actor, case=participant.case, name="start")
    elif participant.case.status != CaseStatus.ASSESSING:
        raise DomainError(
            _("Instruments are filled in after FR.AK.01 is agreed and before FR.AK.02 is signed.")
        )


@transaction.atomic
def instrument_field_save(
    *, actor, participant: Participant, kind: str, key: str, value: str, version: int
) -> int:
    """Autosave of one field of an instrument; returns the field's new version.

    ``version`` is the one the device last saw: an older one means another device saved the field meanwhile,
    and the save is refused instead of overwriting it.
    """
    _require_assessor(actor, participant)
    participant = _locked(participant)
    _start_if_needed(actor, participant)
    if not FIELD_KEY.match(key):
        raise DomainError(_("Unknown field."))
    if key.startswith(("kuk:", "result:")) and value not in ("K", "BK", ""):
        raise DomainError(_("Answer K or BK."))
    if key.startswith(YES_NO_FIELDS) and value not in ("ya", "tidak", ""):
        raise DomainError(_("Answer yes or no."))
    if key.startswith("kukref:") and value and not _kuk_of_scheme(value, participant.session.scheme):
        raise DomainError(_("Choose a KUK of this scheme."))
    record = _instrument(participant, kind)
    if record.asesor_confirmed_at:
        raise DomainError(_("This instrument is concluded; its answers are locked."))
    current = record.version(key)
    if version != current:
        raise StaleField(
            _("This answer was changed on another device. It now reads: %(value)s")
            % {"value": record.value(key, "") or "—"}
        )
    record.fields[key] = {"value": str(value)[:4000], "v": current + 1}
    record.save(update_fields=["fields", "updated_at"])
    return current + 1


@transaction.atomic
def instrument_conclude(
    *, actor, participant: Participant, kind: str, recommendation: str, feedback: str = ""
) -> InstrumentRecord:
    """The assessor ends an instrument with a recommendation and feedback; the answers are locked."""
    _require_assessor(actor, participant)
    participant = _locked(participant)
    _start_if_needed(actor, participant)
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose the recommendation: K or BK."))
    record = _instrument(participant, kind)
    record.recommendation, record.feedback, record.asesor_confirmed_at = (
        recommendation,
        feedback.strip(),
        timezone.now(),
    )
    record.save()
    audit_log(
        actor=actor,
        code="kompeten.instrument.concluded",
        obj=participant.case,
        data={"kind": kind, "recommendation": recommendation},
    )
    notify(
        participant.case.asesi,
        _("Your assessor concluded %(kind)s; read it and confirm.") % {"kind": record.get_kind_display()},
        participant_link(participant),
    )
    return record


@transaction.atomic
def instrument_acknowledge(*, actor, participant: Participant, kind: str) -> InstrumentRecord:
    _require_candidate(actor, participant)
    record = InstrumentRecord.objects.select_for_update().filter(participant=participant, kind=kind).first()
    if record is None or record.asesor_confirmed_at is None:
        raise DomainError(_("The assessor has not concluded this instrument yet."))
    if record.asesi_confirmed_at is None:
        record.asesi_confirmed_at = timezone.now()
        record.save(update_fields=["asesi_confirmed_at"])
    return record


# --- FR.IA.05, the written test ----------------------------------------------------------------------


@transaction.atomic
def test_open(*, actor, participant: Participant, minutes: int = 60, pass_mark: int = 70) -> TestAttempt:
    """The assessor opens the written test: the scheme's questions in an order of this candidate's own."""
    _require_assessor(actor, participant)
    participant = _locked(participant)
    _start_if_needed(actor, participant)
    if hasattr(participant, "test"):
        raise DomainError(_("The written test is already open for this candidate."))
    units = participant.session.scheme.scheme_units.values_list("unit_id", flat=True)
    questions = list(Question.objects.filter(unit_id__in=units, active=True).values_list("pk", flat=True))
    if not questions:
        raise DomainError(_("The question bank of this scheme is empty; import questions first."))
    if not (1 <= minutes <= 600) or not (1 <= pass_mark <= 100):
        raise DomainError(_("Give the time in minutes (1 to 600) and the pass mark in percent (1 to 100)."))
    random.SystemRandom().shuffle(questions)
    attempt = TestAttempt.objects.create(
        participant=participant, question_ids=questions, minutes=minutes, pass_mark=pass_mark
    )
    audit_log(
        actor=actor, code="kompeten.ia05.opened", obj=participant.case, data={"questions": len(questions)}
    )
    notify(
        participant.case.asesi,
        _("Your written test is open."),
        reverse("assessments:test", kwargs={"pk": attempt.pk}),
    )
    return attempt


def _close_if_late(attempt: TestAttempt) -> TestAttempt:
    if attempt.submitted_at is None and attempt.deadline and timezone.now() >= attempt.deadline:
        return _score(attempt)
    return attempt


@transaction.atomic
def test_start(*, actor, attempt: TestAttempt) -> TestAttempt:
    _require_candidate(actor, attempt.participant)
    attempt = TestAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.started_at is None:
        attempt.started_at = timezone.now()
        attempt.deadline = attempt.started_at + datetime.timedelta(minutes=attempt.minutes)
        attempt.save(update_fields=["started_at", "deadline"])
    return _close_if_late(attempt)


def test_answer(*, actor, attempt: TestAttempt, question_id: int, option: int) -> TestAttempt:
    """One answer, kept on the server; refused once the time is up or the test is submitted."""
    _require_candidate(actor, attempt.participant)
    with transaction.atomic():
        # A test past its deadline is closed (and scored) even though this answer is refused.
        attempt = _close_if_late(TestAttempt.objects.select_for_update().get(pk=attempt.pk))
        if attempt.started_at is not None and attempt.is_open():
            if question_id not in attempt.question_ids:
                raise DomainError(_("That question is not part of your test."))
            options = len(Question.objects.get(pk=question_id).options)
            if not 0 <= option < options:
                raise DomainError(_("Choose one of the options."))
            attempt.answers[str(question_id)] = option
            attempt.save(update_fields=["answers"])
            return attempt
    raise DomainError(_("The test is closed; your answers were saved up to the deadline."))


@transaction.atomic
def test_submit(*, actor, attempt: TestAttempt) -> TestAttempt:
    _require_candidate(actor, attempt.participant)
    attempt = TestAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt
    return _score(attempt)


def _score(attempt: TestAttempt) -> TestAttempt:
    """Scored on the server against the key; the result goes into the FR.IA.05 record."""
    keys = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("pk", "answer"))
    correct = sum(1 for qid in attempt.question_ids if attempt.answers.get(str(qid)) == keys.get(qid))
    attempt.score = round(100 * correct / len(attempt.question_ids)) if attempt.question_ids else 0
    attempt.submitted_at = min(timezone.now(), attempt.deadline) if attempt.deadline else timezone.now()
    attempt.save(update_fields=["score", "submitted_at"])
    record, _created = InstrumentRecord.objects.get_or_create(
        participant=attempt.participant, kind=InstrumentKind.IA05
    )
    record.fields["result:score"] = {"value": str(attempt.score), "v": 1}
    record.fields["result:correct"] = {"value": f"{correct}/{len(attempt.question_ids)}", "v": 1}
    record.recommendation = Recommendation.K if attempt.score >= attempt.pass_mark else Recommendation.BK
    record.save()
    audit_log(
        actor=None, code="kompeten.ia05.scored", obj=attempt.participant.case, data={"score": attempt.score}
    )
    return attempt


# --- FR.AK.02 ----------------------------------------------------------------------------------------


def record_draft(participant: Participant) -> dict:
    """What FR.AK.02 starts from: per unit, the evidence the concluded instruments gathered."""
    methods = sorted(
        {
            INSTRUMENT_METHODS[r.kind]
            for r in participant.instruments.all()
            if r.kind in INSTRUMENT_METHODS and r.asesor_confirmed_at
        }
    )
    units = participant.session.scheme.scheme_units.values_list("unit_id", flat=True)
    return {str(unit): list(methods) for unit in units}


def suggested_recommendation(sufficient: dict) -> str:
    """Kompeten suggests BK as soon as one unit lacks sufficient evidence."""
    return Recommendation.K if sufficient and all(sufficient.values()) else Recommendation.BK


@transaction.atomic
def record_sign(
    *,
    actor,
    participant: Participant,
    evidence: dict,
    sufficient: dict,
    recommendation: str,
    reason: str = "",
    follow_up: str = "",
    comments: str = "",
) -> AssessmentRecord:
    """The assessor records FR.AK.02 and signs it; a recommendation other than the suggested one needs a reason."""
    _require_assessor(actor, participant)
    participant = _locked(participant)
    if participant.case.status != CaseStatus.ASSESSING:
        raise DomainError(lifecycle.refused("recommend"))
    units = {str(unit) for unit in participant.session.scheme.scheme_units.values_list("unit_id", flat=True)}
    if set(sufficient) != units:
        raise DomainError(_("Say for every unit whether the evidence is sufficient."))
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose the recommendation: K or BK."))
    suggested = suggested_recommendation(sufficient)
    if recommendation != suggested and not reason.strip():
        raise DomainError(
            _(
                "Kompeten suggests %(suggested)s from the evidence; give the reason for recommending %(chosen)s."
            )
            % {"suggested": suggested, "chosen": recommendation}
        )
    record = AssessmentRecord.objects.create(
        participant=participant,
        evidence={unit: [m for m in evidence.get(unit, []) if m in EvidenceMethod.values] for unit in units},
        sufficient={unit: bool(sufficient[unit]) for unit in units},
        suggested=suggested,
        recommendation=recommendation,
        reason=reason.strip(),
        follow_up=follow_up.strip(),
        comments=comments.strip(),
        asesor_signed_at=timezone.now(),
    )
    lifecycle.case_move(
        actor=actor, case=participant.case, name="recommend", data={"recommendation": recommendation}
    )
    notify(
        participant.case.asesi,
        _("Your assessor recorded FR.AK.02; read it and sign."),
        participant_link(participant),
    )
    return record


@transaction.atomic
def record_acknowledge(*, actor, participant: Participant) -> AssessmentRecord:
    _require_candidate(actor, participant)
    record = AssessmentRecord.objects.select_for_update().filter(participant=participant).first()
    if record is None:
        raise DomainError(_("The assessor has not recorded FR.AK.02 yet."))
    if record.asesi_signed_at is None:
        record.asesi_signed_at = timezone.now()
        record.save(update_fields=["asesi_signed_at"])
        audit_log(actor=actor, code="kompeten.ak02.acknowledged", obj=participant.case)
    return record


# --- FR.AK.03 and FR.AK.05 ---------------------------------------------------------------------------

FEEDBACK_ITEMS = [
    gettext_lazy("I received a clear explanation of the assessment process from the assessor."),
    gettext_lazy("I was given the chance to study the competency standard and assess myself."),
    gettext_lazy("The assessor discussed the assessment methods, instruments and sources with me."),
    gettext_lazy("The assessor explored the evidence of my competency."),
    gettext_lazy("I was given every chance to demonstrate my competency in the assessment."),
    gettext_lazy("I received an explanation of the assessment decision."),
    gettext_lazy("The assessor gave me feedback after the assessment."),
    gettext_lazy("The assessor and I signed the assessment documents together."),
    gettext_lazy("I was assured that the assessment results are kept confidential."),
    gettext_lazy("The assessor used effective communication during the assessment."),
]


@transaction.atomic
def feedback_submit(*, actor, participant: Participant, answers: dict, note: str = ""):
    """The candidate's FR.AK.03, given once after the assessor recorded FR.AK.02."""
    from kompeten.assessments.models import Feedback

    _require_candidate(actor, participant)
    if not AssessmentRecord.objects.filter(participant=participant).exists():
        raise DomainError(_("Feedback is given after your assessor recorded FR.AK.02."))
    if Feedback.objects.filter(participant=participant).exists():
        raise DomainError(_("You already gave your feedback."))
    expected = {str(number) for number in range(1, len(FEEDBACK_ITEMS) + 1)}
    if set(answers) != expected:
        raise DomainError(_("Answer every item with Yes or No."))
    feedback = Feedback.objects.create(
        participant=participant,
        answers={
            key: {"yes": bool(value["yes"]), "comment": str(value.get("comment", ""))[:500]}
            for key, value in answers.items()
        },
        note=note.strip()[:2000],
    )
    audit_log(actor=actor, code="kompeten.ak03.submitted", obj=participant.case)
    return feedback


@transaction.atomic
def session_report_sign(
    *, actor, session, positives: str = "", negatives: str = "", refusals: str = "", suggestions: str = ""
):
    """An assessor's FR.AK.05 for a session, once every candidate they assessed has an FR.AK.02."""
    from kompeten.assessments.models import SessionReport

    mine = session.participants.filter(asesor=actor)
    if not mine.exists():
        raise DomainError(_("You are not an assessor of this session."))
    if mine.filter(record__isnull=True).exists():
        raise DomainError(_("Record FR.AK.02 for every candidate you assessed first."))
    report, _created = SessionReport.objects.update_or_create(
        session=session,
        asesor=actor,
        defaults={
            "positives": positives.strip(),
            "negatives": negatives.strip(),
            "refusals": refusals.strip(),
            "suggestions": suggestions.strip(),
            "signed_at": timezone.now(),
        },
    )
    audit_log(actor=actor, code="kompeten.ak05.signed", obj=session)
    return report
