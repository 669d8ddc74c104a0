"""The certification case's whole journey in one table, from FR.APL.01 to the certificate, the appeal and the
re-assessment: every CaseStatus a case takes, who moves it there and which service does it.

Services never assign ``case.status``: they call ``case_create`` (a new case enters the table) or
``case_move`` (a case takes one declared step), which check the table, set the field, save it and write the
step's audit event. ``tests/cases/test_lifecycle.py`` fails on any other assignment of a status field, and on a
table row whose service does not exist or does not take that step; the README's diagram is drawn from it
(``mermaid()``). The evidence files' own small table (valid / not valid, FR.APL.01 part 3) is here too.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from kompeten.cases.models import CLOSED_STATUSES, Case, CaseStatus, Evidence, EvidenceStatus
from kompeten.core.audit import audit_log
from kompeten.core.transitions import Transition, transition_apply

NEW = ""  # the source of a row that creates a case: it has no status yet


@dataclass(frozen=True)
class CaseTransition(Transition):
    by: str  # who takes the step (the role, as the README names it)
    service: str  # the dotted path of the service function that performs it


def _t(name, sources, target, event, by, service, refused) -> CaseTransition:
    return CaseTransition(
        name=name,
        sources=frozenset(sources),
        target=target,
        event=event,
        refused=refused,
        by=by,
        service=service,
    )


S = CaseStatus
DECIDED_ONCE = gettext_lazy("Only a case with a recorded recommendation (FR.AK.02) is decided, once.")
REVIEWED_ONCE = gettext_lazy("Only a self-assessment waiting for its assessor's review can be reviewed.")

# name, sources, target, audit event, who, service, refusal (shown when the case is not in a source status)
TRANSITIONS: tuple[CaseTransition, ...] = (
    # FR.APL.01
    _t("open", {NEW}, S.DRAFT, "kompeten.case.opened", "asesi",
       "kompeten.cases.services.case_open",
       gettext_lazy("This scheme is not open for applications.")),
    _t("submit", {S.DRAFT, S.RETURNED}, S.SUBMITTED, "kompeten.case.submitted", "asesi",
       "kompeten.cases.services.case_submit",
       gettext_lazy("Only a draft or a returned application can be submitted.")),
    _t("accept", {S.SUBMITTED}, S.VERIFIED, "kompeten.case.verified", "admin LSP",
       "kompeten.cases.services.case_verify",
       gettext_lazy("Only a submitted application can be verified.")),
    _t("return", {S.SUBMITTED}, S.RETURNED, "kompeten.case.returned", "admin LSP",
       "kompeten.cases.services.case_verify",
       gettext_lazy("Only a submitted application can be returned for revision.")),
    _t("reject", {S.SUBMITTED}, S.REJECTED, "kompeten.case.rejected", "admin LSP",
       "kompeten.cases.services.case_verify",
       gettext_lazy("Only a submitted application can be rejected.")),
    # FR.APL.02 and its review
    _t("self_assess", {S.VERIFIED}, S.SELF_ASSESSED, "kompeten.case.self_assessed", "asesi",
       "kompeten.cases.services.self_assessment_submit",
       gettext_lazy("The self-assessment can only be submitted once, after the application is verified.")),
    _t("assign", {S.SELF_ASSESSED}, S.ASESOR_ASSIGNED, "kompeten.case.asesor_assigned", "admin LSP",
       "kompeten.cases.services.asesor_assign",
       gettext_lazy("An assessor is assigned once the self-assessment is submitted.")),
    _t("continue", {S.ASESOR_ASSIGNED}, S.CONTINUE, "kompeten.case.review_continue", "asesor",
       "kompeten.cases.services.apl02_review", REVIEWED_ONCE),
    _t("not_continue", {S.ASESOR_ASSIGNED}, S.NOT_CONTINUE, "kompeten.case.review_not_continue", "asesor",
       "kompeten.cases.services.apl02_review", REVIEWED_ONCE),
    # the assessment
    _t("schedule", {S.CONTINUE}, S.SCHEDULED, "kompeten.case.scheduled", "manajer sertifikasi",
       "kompeten.assessments.services.session_add_participant",
       gettext_lazy(
           "Only a candidate whose self-assessment review says the assessment can continue can be scheduled."
       )),
    _t("consent", {S.SCHEDULED}, S.CONSENTED, "kompeten.case.consented", "asesi",
       "kompeten.assessments.conduct.consent_confirm",
       gettext_lazy("Consent is given once the candidate is scheduled.")),
    _t("start", {S.CONSENTED}, S.ASSESSING, "kompeten.case.assessing", "asesor",
       "kompeten.assessments.conduct._start_if_needed",
       gettext_lazy("The assessment starts after both agreed to FR.AK.01.")),
    _t("recommend", {S.ASSESSING}, S.RECOMMENDED, "kompeten.case.recommended", "asesor",
       "kompeten.assessments.conduct.record_sign",
       gettext_lazy("The recommendation is recorded once, after the assessment.")),
    # the technical committee and the certificate
    _t("decide_competent", {S.RECOMMENDED}, S.COMPETENT, "kompeten.case.decided_competent", "komite teknis",
       "kompeten.certificates.services.decision_record", DECIDED_ONCE),
    _t("decide_not_yet_competent", {S.RECOMMENDED}, S.NOT_YET_COMPETENT,
       "kompeten.case.decided_not_yet_competent", "komite teknis",
       "kompeten.certificates.services.decision_record", DECIDED_ONCE),
    _t("certify", {S.COMPETENT}, S.CERTIFIED, "kompeten.case.certified", "admin LSP / manajer sertifikasi",
       "kompeten.certificates.services.certificate_issue",
       gettext_lazy("A certificate is issued once, for a case decided competent.")),
    # FR.AK.04: the appeal panel reverses the decision, or a re-assessment opens as a new case
    _t("appeal_reversed", {S.NOT_YET_COMPETENT}, S.COMPETENT, "kompeten.case.appeal_reversed", "appeal panel",
       "kompeten.certificates.appeals.appeal_decide",
       gettext_lazy("Only a not-yet-competent decision is reversed on appeal.")),
    _t("reassessment_open", {NEW}, S.CONTINUE, "kompeten.case.reassessment_opened", "appeal panel",
       "kompeten.certificates.appeals._reassessment_open",
       gettext_lazy("Only a not-yet-competent decision is reversed on appeal.")),
)  # fmt: skip
BY_NAME: dict[str, CaseTransition] = {transition.name: transition for transition in TRANSITIONS}


def refused(name: str):
    """The refusal of step ``name``: what a service says when the case is not where that step starts."""
    return BY_NAME[name].refused


def allows(case: Case, name: str) -> bool:
    """Whether ``case`` stands where step ``name`` starts (for pages that offer the step)."""
    return case.status in BY_NAME[name].sources


def case_create(*, actor, case: Case, name: str, data: dict | None = None) -> Case:
    """Save a new ``case`` in the status its creating row ``name`` gives, with that row's audit event; call
    inside the service's transaction."""
    transition = BY_NAME[name]
    if transition.sources != {NEW} or case.pk is not None:
        raise ValueError(f"{name} does not create a case")
    case.status = transition.target
    case.save()
    audit_log(actor=actor, code=transition.event, obj=case, data=data or {})
    return case


def case_move(*, actor, case: Case, name: str, data: dict | None = None) -> Case:
    """Move ``case`` along step ``name`` of the table, or refuse with the step's message; call inside the
    service's transaction, on the locked case."""
    transition_apply(obj=case, transition=BY_NAME[name], actor=actor, data=data)
    return case


# --- the evidence files (FR.APL.01 part 3) ---------------------------------------------------------------

# A document is judged while its application is verified, again on every round after a return; the file
# the admin found not valid is replaced by a new upload (pending), never judged again.
JUDGED_AGAIN = gettext_lazy("A document found not valid is replaced, not judged again.")
EVIDENCE_TRANSITIONS: dict[bool, Transition] = {
    valid: Transition(
        name=name,
        sources=frozenset({EvidenceStatus.PENDING, EvidenceStatus.VALID}),
        target=target,
        event=event,
        refused=JUDGED_AGAIN,
    )
    for valid, name, target, event in (
        (True, "valid", EvidenceStatus.VALID, "kompeten.evidence.valid"),
        (False, "invalid", EvidenceStatus.INVALID, "kompeten.evidence.invalid"),
    )
}


def evidence_judge(*, actor, evidence: Evidence, valid: bool, note: str) -> Evidence:
    """The admin's finding on one document, with its note; call inside ``case_verify``'s transaction."""
    evidence.note = note
    evidence.save(update_fields=["note"])
    transition_apply(obj=evidence, transition=EVIDENCE_TRANSITIONS[valid], actor=actor, data={"note": note})
    return evidence


# --- the diagram ------------------------------------------------------------------------------------------


def mermaid() -> str:
    """The table as a Mermaid ``stateDiagram-v2`` block: the README shows it, a test keeps it equal."""
    lines = ["```mermaid", "stateDiagram-v2"]
    for transition in TRANSITIONS:
        for source in sorted(transition.sources):
            start = "[*]" if source == NEW else source
            lines.append(f"    {start} --> {transition.target}: {transition.name} ({transition.by})")
    lines += [f"    {status} --> [*]" for status in sorted(CLOSED_STATUSES)]  # over: a new case may open
    lines.append("```")
    return "\n".join(lines)
