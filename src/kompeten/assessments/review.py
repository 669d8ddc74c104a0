"""Looking back at a session: FR.AK.06 review of the process and FR.VA validation of the assessment."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments.conduct import PORTFOLIO_CHECKS
from kompeten.assessments.models import (
    AssessmentSession,
    ProcessReview,
    SessionStatus,
    Validation,
    ValidationCosign,
    ValidationPeriod,
)
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm

PRINCIPLES = [
    ("valid", gettext_lazy("Valid")),
    ("reliable", gettext_lazy("Reliable")),
    ("flexible", gettext_lazy("Flexible")),
    ("fair", gettext_lazy("Fair")),
]
STAGES = [
    ("plan", gettext_lazy("Assessment plan")),
    ("preparation", gettext_lazy("Preparation")),
    ("implementation", gettext_lazy("Implementation")),
    ("decision", gettext_lazy("Decision")),
    ("feedback", gettext_lazy("Feedback")),
]
DIMENSIONS = [
    ("task", gettext_lazy("Task skills")),
    ("task_management", gettext_lazy("Task management skills")),
    ("contingency", gettext_lazy("Contingency management skills")),
    ("environment", gettext_lazy("Job role and environment skills")),
    ("transfer", gettext_lazy("Transfer skills")),
]
EVIDENCE_RULES = [(key[0], label) for key, label in PORTFOLIO_CHECKS]  # V, A, T, M
VALIDATION_ASPECTS = [
    gettext_lazy("The assessment plan (FR.MAPA.01 and FR.MAPA.02)"),
    gettext_lazy("The assessment methods chosen"),
    gettext_lazy("The assessment instruments"),
    gettext_lazy("The evidence gathered"),
    gettext_lazy("The application of the rules of evidence"),
    gettext_lazy("The assessment decisions"),
    gettext_lazy("Recording and reporting"),
    gettext_lazy("Feedback to the candidates"),
]
CHOOSE_MASTER = gettext_lazy("Choose a licensed assessor as master assessor.")
MASTER_LICENCE = gettext_lazy("The licence of that assessor is not valid.")
MASTER_SCOPE = gettext_lazy("The scheme of this session is outside the scope of that assessor.")
VALIDATION_TEXTS = (
    "team",
    "purpose",
    "context",
    "consulted",
    "benchmarks",
    "recommendations",
    "improvement_plan",
)


def _require_licensed_assessor(actor, session: AssessmentSession, *, subject=True) -> AssessmentSession:
    """A licensed assessor of the session's scheme, on a session that was not cancelled (locked meanwhile).
    ``subject=False``: the assessor is somebody the actor chose (a master assessor being designated)."""
    profile = AssessorProfile.objects.filter(user=actor).first()
    if profile is None or not actor.has_role(Role.ASESOR):
        if not subject:
            raise DomainError(CHOOSE_MASTER)
        raise PermissionDenied
    if not profile.licence_is_valid():
        raise DomainError(
            _("Your assessor licence is not valid; renew it before reviewing assessments.")
            if subject
            else MASTER_LICENCE
        )
    if not profile.schemes.filter(pk=session.scheme_id).exists():
        raise DomainError(
            _("The scheme of this session is outside your scope as an assessor.") if subject else MASTER_SCOPE
        )
    session = AssessmentSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(_("This session was cancelled."))
    return session


def _assessed(session: AssessmentSession) -> None:
    if not session.participants.filter(record__isnull=False).exists():
        raise DomainError(
            _("The process is reviewed after the assessment: no FR.AK.02 has been recorded yet.")
        )


def _chosen(submitted: dict, rows: list, columns: list) -> dict:
    allowed_rows = {key for key, _label in rows}
    allowed = {key for key, _label in columns}
    return {
        str(row): sorted(set(values) & allowed)
        for row, values in submitted.items()
        if str(row) in allowed_rows
    }


@transaction.atomic
def process_review_sign(
    *,
    actor,
    session: AssessmentSession,
    ratings: dict,
    dimensions: list,
    consistency: str,
    recommendations: str,
) -> ProcessReview:
    """FR.AK.06 by a licensed assessor who takes part in the session, once."""
    if not session.assessors.filter(asesor=actor).exists():
        raise PermissionDenied
    session = _require_licensed_assessor(actor, session)
    _assessed(session)
    if session.process_reviews.filter(reviewer=actor).exists():
        raise DomainError(_("You already reviewed the process of this session."))
    if not recommendations.strip():
        raise DomainError(_("Give your recommendations for improving the process."))
    review = ProcessReview.objects.create(
        session=session,
        reviewer=actor,
        ratings=_chosen(ratings, STAGES, PRINCIPLES),
        dimensions=[key for key, _label in DIMENSIONS if key in dimensions],
        consistency=consistency.strip()[:4000],
        recommendations=recommendations.strip()[:4000],
    )
    audit_log(actor=actor, code="kompeten.ak06.signed", obj=session)
    return review


MASTER_ASSIGNED = gettext_lazy(
    "An assessor of this session cannot lead its validation; the LSP designates a master assessor from outside it."
)
NOT_IN_THE_TEAM = gettext_lazy("Only the assessors of this session co-sign its FR.VA.")
ALREADY_COSIGNED = gettext_lazy("You already co-signed this FR.VA.")


def _assigned(session: AssessmentSession, user) -> bool:
    """``user`` assesses in the session: one of its assessors or the assessor of one of its participants."""
    return session.assessors.filter(asesor=user).exists() or session.participants.filter(asesor=user).exists()


@transaction.atomic
def session_master_designate(*, actor, session: AssessmentSession, asesor) -> AssessmentSession:
    """The Admin LSP designates the master assessor who leads the session's FR.VA: a licensed assessor of the
    scheme who does not assess in the session."""
    require_perm(actor, "assessments.designate_master_assessor", session)
    session = _require_licensed_assessor(asesor, session, subject=False)
    if _assigned(session, asesor):
        raise DomainError(MASTER_ASSIGNED)
    session.master_assessor = asesor
    session.save(update_fields=["master_assessor"])
    audit_log(actor=actor, code="kompeten.va.master_designated", obj=session, data={"asesor": asesor.pk})
    return session


@transaction.atomic
def validation_sign(
    *, actor, session: AssessmentSession, period: str, aspects: dict, findings: str, **texts
) -> Validation:
    """FR.VA led by the session's master assessor, a licensed assessor of the scheme who does not assess in the
    session: before, during or after the assessment, once per period. Its assessors co-sign it."""
    if _assigned(session, actor):
        raise DomainError(MASTER_ASSIGNED)
    require_perm(actor, "assessments.lead_validation", session)  # the designated master assessor alone
    session = _require_licensed_assessor(actor, session)
    if period not in ValidationPeriod.values:
        raise DomainError(
            _("Choose when the validation takes place: before, during or after the assessment.")
        )
    if period == ValidationPeriod.AFTER:
        _assessed(session)
    if not findings.strip():
        raise DomainError(_("Write down the findings of the validation."))
    if session.validations.filter(lead=actor, period=period).exists():
        raise DomainError(_("You already validated this session for that period."))
    columns = EVIDENCE_RULES + PRINCIPLES
    rows = [(str(n), text) for n, text in enumerate(VALIDATION_ASPECTS, 1)]
    validation = Validation.objects.create(
        session=session,
        lead=actor,
        period=period,
        aspects=_chosen(aspects, rows, columns),
        findings=findings.strip()[:4000],
        **{name: str(texts.get(name, "")).strip()[:4000] for name in VALIDATION_TEXTS},
    )
    audit_log(actor=actor, code="kompeten.va.signed", obj=session, data={"period": period})
    return validation


@transaction.atomic
def validation_cosign(*, actor, validation: Validation) -> ValidationCosign:
    """An assessor of the session co-signs the FR.VA its master assessor led, once."""
    validation = Validation.objects.select_for_update().select_related("session").get(pk=validation.pk)
    if not validation.session.assessors.filter(asesor=actor).exists():
        raise DomainError(NOT_IN_THE_TEAM)
    if validation.cosigns.filter(asesor=actor).exists():
        raise DomainError(ALREADY_COSIGNED)
    cosign = ValidationCosign.objects.create(validation=validation, asesor=actor)
    audit_log(
        actor=actor, code="kompeten.va.cosigned", obj=validation.session, data={"validation": validation.pk}
    )
    return cosign
