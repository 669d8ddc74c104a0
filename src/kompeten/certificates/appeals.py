"""FR.AK.04 appeals against a committee decision, heard by an independent panel, and the complaints channel.

The candidate appeals a not-yet-competent decision within ``KOMPETEN_APPEAL_WINDOW_DAYS``. LSP management
forms a panel of at least three staff users, none involved in the assessment or the decision. The panel
records its hearing, then decides: upheld (a re-assessment by another assessor, or the decision reversed)
or dismissed, which is final.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.accounts.models import Role, User
from kompeten.assessments.impartiality import relationship_problems
from kompeten.assessments.models import AssessorRelationship
from kompeten.cases import lifecycle
from kompeten.cases.models import CLOSED_STATUSES, Case, CaseStatus, RequirementCheck
from kompeten.cases.services import lsp_admins, next_case_reference
from kompeten.certificates.models import (
    Appeal,
    AppealPanelMember,
    AppealStatus,
    Complaint,
    ComplaintStatus,
    ComplaintUpdate,
)
from kompeten.certificates.services import decision_reverse
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import LINE_BREAK_REFUSED, has_line_break, notify
from kompeten.core.services import require_perm
from kompeten.core.transitions import Transition, transition_apply

MIN_PANEL = 3
# the LSP's own people; a TUK's administrator works for the TUK, not the LSP
PANEL_ROLES = [Role.ADMIN_LSP, Role.MANAJER_SERTIFIKASI, Role.KOMITE_TEKNIS, Role.ASESOR]

PANEL_FORMED = Transition(
    name="form_panel",
    sources=frozenset({AppealStatus.SUBMITTED}),
    target=AppealStatus.PANEL_FORMED,
    event="kompeten.appeal.panel_formed",
    refused=gettext_lazy("The panel is formed once, for a newly submitted appeal."),
)
HEARD = Transition(
    name="hear",
    sources=frozenset({AppealStatus.PANEL_FORMED}),
    target=AppealStatus.HEARD,
    event="kompeten.appeal.heard",
    refused=gettext_lazy("The hearing is recorded once, after the panel is formed."),
)
DECIDED_REFUSED = gettext_lazy("The panel decides once, after recording the hearing.")
OUTCOMES = {
    outcome: Transition(
        name=outcome,
        sources=frozenset({AppealStatus.HEARD}),
        target=outcome,
        event=f"kompeten.appeal.{outcome}",
        refused=DECIDED_REFUSED,
    )
    for outcome in (AppealStatus.UPHELD_REASSESSMENT, AppealStatus.UPHELD_REVERSED, AppealStatus.DISMISSED)
}
COMPLAINT_MOVES = {
    status: Transition(
        name=status,
        sources=frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS}),
        target=status,
        event="kompeten.complaint.updated",
        refused=gettext_lazy("This complaint is resolved; a new matter is a new complaint."),
    )
    for status in (ComplaintStatus.IN_PROGRESS, ComplaintStatus.RESOLVED)
}


def _link(appeal: Appeal) -> str:
    return reverse("certificates:appeal", kwargs={"pk": appeal.pk})


def appeal_deadline(case: Case) -> datetime.datetime | None:
    """Until when the candidate may appeal the decision on ``case``; None when it cannot be appealed."""
    decision = getattr(case, "decision", None)
    if decision is None or decision.competent:
        return None
    return decision.decided_at + datetime.timedelta(days=settings.KOMPETEN_APPEAL_WINDOW_DAYS)


def appeal_open(case: Case) -> bool:
    deadline = appeal_deadline(case)
    return (
        deadline is not None
        and timezone.now() <= deadline
        and case.status == CaseStatus.NOT_YET_COMPETENT
        and not Appeal.objects.filter(case=case).exists()
    )


@transaction.atomic
def appeal_submit(
    *,
    actor,
    case: Case,
    process_explained: bool,
    discussed_with_assessor: bool,
    other_person: str = "",
    grounds: str,
) -> Appeal:
    """FR.AK.04: the candidate appeals a not-yet-competent decision within the window, giving the grounds."""
    require_perm(actor, "certificates.appeal_decision", case)
    case = Case.objects.select_for_update(of=("self",)).select_related("decision").get(pk=case.pk)
    deadline = appeal_deadline(case)
    if deadline is None or case.status != CaseStatus.NOT_YET_COMPETENT:
        raise DomainError(_("Only a decision of not yet competent can be appealed."))
    if Appeal.objects.filter(case=case).exists():
        raise DomainError(_("This decision has already been appealed."))
    if timezone.now() > deadline:
        raise DomainError(
            _("The time to appeal ended on %(date)s.")
            % {"date": timezone.localtime(deadline).strftime("%d-%m-%Y %H:%M")}
        )
    grounds = grounds.strip()[:8000]
    if not grounds:
        raise DomainError(_("Write the grounds of your appeal."))
    appeal = Appeal.objects.create(
        case=case,
        process_explained=process_explained,
        discussed_with_assessor=discussed_with_assessor,
        other_person=other_person.strip()[:200],
        grounds=grounds,
    )
    audit_log(actor=actor, code="kompeten.appeal.submitted", obj=appeal, data={"case": case.reference})
    for staff in lsp_admins():
        notify(
            staff,
            _("%(ref)s: an appeal against the decision on %(case)s; form its panel.")
            % {"ref": appeal.reference, "case": case.reference},
            _link(appeal),
        )
    return appeal


def _assessors_of(case: Case) -> set[int]:
    """Who assessed ``case``: its APL-02 reviewer, its assessor in the jadwal and the jadwal's assessors."""
    assessors = {case.asesor_id}
    participant = getattr(case, "participant", None)
    if participant is not None:
        assessors.add(participant.asesor_id)
        assessors.update(participant.session.assessors.values_list("asesor_id", flat=True))
    assessors.discard(None)
    return assessors


def involved_user_ids(case: Case) -> set[int]:
    """Everyone who took part in the assessment or the decision of ``case``, or who declared a relationship
    with its candidate: none of them may sit on its panel or form it."""
    involved = {case.asesi_id, case.verified_by_id, *_assessors_of(case)}
    participant = getattr(case, "participant", None)
    if participant is not None:
        session = participant.session
        involved.add(session.created_by_id)
        involved.update(session.process_reviews.values_list("reviewer_id", flat=True))
        involved.update(session.validations.values_list("lead_id", flat=True))
    decision = getattr(case, "decision", None)
    if decision is not None:
        involved.add(decision.decided_by_id)
    involved.update(
        AssessorRelationship.objects.filter(person_id=case.asesi_id).values_list("asesor_id", flat=True)
    )
    involved.discard(None)
    return involved


def panel_candidates(appeal: Appeal, involved: set[int] | None = None):
    """Active LSP staff who were not involved in the case (``involved``, when already known)."""
    involved = involved_user_ids(appeal.case) if involved is None else involved
    return (
        User.objects.filter(is_active=True, role_assignments__role__in=PANEL_ROLES)
        .exclude(pk__in=involved)
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def appeal_panel_form(*, actor, appeal: Appeal, members) -> Appeal:
    """LSP management names at least three independent staff users to hear the appeal."""
    require_perm(actor, "certificates.manage_appeals", appeal)
    appeal = Appeal.objects.select_for_update().select_related("case__asesi").get(pk=appeal.pk)
    involved = involved_user_ids(appeal.case)
    if actor is not None and actor.pk in involved:
        raise DomainError(_("You took part in this case; another member of LSP management forms the panel."))
    members = list({member.pk: member for member in members}.values())
    if len(members) < MIN_PANEL:
        raise DomainError(_("A panel has at least %(count)s members.") % {"count": MIN_PANEL})
    eligible = set(panel_candidates(appeal, involved).values_list("pk", flat=True))
    refused = [
        str(member)
        for member in members
        if member.pk not in eligible or relationship_problems(member, appeal.case)
    ]
    if refused:
        raise DomainError(
            _("Not independent of this case, or not LSP staff: %(names)s.") % {"names": ", ".join(refused)}
        )
    transition_apply(
        obj=appeal,
        transition=PANEL_FORMED,
        actor=actor,
        data={"members": [member.pk for member in members]},
    )
    AppealPanelMember.objects.bulk_create(
        AppealPanelMember(appeal=appeal, member=member, added_by=actor) for member in members
    )
    for member in members:
        notify(
            member,
            _("You sit on the panel of appeal %(ref)s; record the hearing and the decision.")
            % {"ref": appeal.reference},
            _link(appeal),
        )
    notify(
        appeal.case.asesi,
        _("A panel is formed to hear your appeal %(ref)s.") % {"ref": appeal.reference},
        _link(appeal),
    )
    return appeal


@transaction.atomic
def appeal_hearing_record(*, actor, appeal: Appeal, held_at: datetime.datetime, notes: str) -> Appeal:
    """A panel member records when the hearing was held and its minutes."""
    require_perm(actor, "certificates.sit_on_panel", appeal)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    notes = notes.strip()[:8000]
    if not notes:
        raise DomainError(_("Write the minutes of the hearing."))
    formed = appeal.panel_members.aggregate(at=Min("added_at"))["at"]
    if formed is not None:
        formed = formed.replace(second=0, microsecond=0)  # the form gives the minute the hearing began
    if held_at is None or held_at > timezone.now() or (formed is not None and held_at < formed):
        raise DomainError(_("Give the date of a hearing held after the panel was formed, not in the future."))
    appeal.hearing_at, appeal.hearing_notes = held_at, notes
    appeal.save(update_fields=["hearing_at", "hearing_notes"])
    transition_apply(obj=appeal, transition=HEARD, actor=actor)
    return appeal


def _no_other_open_case(case: Case) -> None:
    others = Case.objects.filter(asesi_id=case.asesi_id, scheme_code=case.scheme_code).exclude(
        Q(pk=case.pk) | Q(status__in=CLOSED_STATUSES)
    )
    if others.exists():
        raise DomainError(
            _(
                "The candidate has another open application for this scheme; it must be closed before the appeal is decided this way."
            )
        )


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, outcome: str, reason: str) -> Appeal:
    """The panel's decision, with its reason. Upheld: the candidate is re-assessed by another assessor
    (a new case, ready to be scheduled) or the decision is reversed to competent. Dismissed is final."""
    require_perm(actor, "certificates.sit_on_panel", appeal)
    appeal = (
        Appeal.objects.select_for_update(of=("self", "case")).select_related("case__asesi").get(pk=appeal.pk)
    )
    transition = OUTCOMES.get(outcome)
    if transition is None:
        raise DomainError(_("Choose the panel's decision."))
    reason = reason.strip()[:8000]
    if not reason:
        raise DomainError(_("Give the reason for the panel's decision."))
    case = appeal.case
    transition_apply(obj=appeal, transition=transition, actor=actor, data={"reason": reason})
    if outcome == AppealStatus.UPHELD_REVERSED:
        _no_other_open_case(case)
        lifecycle.case_move(actor=actor, case=case, name="appeal_reversed", data={"appeal": appeal.reference})
        # the SK, the blanko list and the reports read the decision: it now says competent, and why
        decision_reverse(actor=actor, case=case, appeal_reference=appeal.reference)
    elif outcome == AppealStatus.UPHELD_REASSESSMENT:
        _no_other_open_case(case)
        appeal.reassessment_case = _reassessment_open(actor=actor, appeal=appeal, case=case)
    appeal.outcome_reason, appeal.decided_by, appeal.decided_at = reason, actor, timezone.now()
    appeal.save(update_fields=["outcome_reason", "decided_by", "decided_at", "reassessment_case"])
    notify(
        appeal.case.asesi,
        _("The panel decided your appeal %(ref)s: %(outcome)s. Reason: %(reason)s")
        % {"ref": appeal.reference, "outcome": appeal.get_status_display(), "reason": reason},
        _link(appeal),
    )
    return appeal


def _reassessment_open(*, actor, appeal: Appeal, case: Case) -> Case:
    """The re-assessment after an upheld appeal: a new case of the same scheme version, past the APL
    steps the first case already passed, waiting for a session with an assessor who did not assess before."""
    reassessment = Case(
        reference=next_case_reference(),
        asesi_id=case.asesi_id,
        scheme_id=case.scheme_id,
        scheme_code=case.scheme_code,
        purpose=case.purpose,
        purpose_other=case.purpose_other,
        submitted_at=case.submitted_at,
        verified_by_id=case.verified_by_id,
        verified_at=case.verified_at,
        apl02_submitted_at=case.apl02_submitted_at,
        reviewed_at=case.reviewed_at,
        review_note=_("Re-assessment after appeal %(ref)s of %(case)s.")
        % {"ref": appeal.reference, "case": case.reference},
    )
    lifecycle.case_create(
        actor=actor,
        case=reassessment,
        name="reassessment_open",
        data={"appeal": appeal.reference, "case": case.reference},
    )
    _portfolio_copy(source=case, target=reassessment)
    return reassessment


def _portfolio_copy(*, source: Case, target: Case) -> None:
    """The re-assessment keeps the candidate's documents and FR.APL.02 answers (the same stored files), so
    the new assessor has the portfolio; the signatures stay on the first case, where they were given."""
    copies = {}
    for evidence in source.evidence.filter(superseded=False):
        original = evidence.pk
        evidence.pk, evidence.case = None, target
        evidence.save()
        copies[original] = evidence
    for answer in source.self_assessments.prefetch_related("evidence"):
        linked = [copies[item.pk] for item in answer.evidence.all() if item.pk in copies]
        answer.pk, answer.case = None, target
        answer.save()
        answer.evidence.set(linked)
    RequirementCheck.objects.bulk_create(
        RequirementCheck(case=target, requirement_id=check.requirement_id, met=check.met)
        for check in source.requirement_checks.all()
    )


def assessors_to_avoid(case: Case) -> set[int]:
    """For a re-assessment after an appeal: everyone who assessed the appealed case, and the cases it was
    itself a re-assessment of; empty for any other case."""
    avoided: set[int] = set()
    appeal = Appeal.objects.filter(reassessment_case=case).select_related("case").first()
    while appeal is not None:
        avoided |= _assessors_of(appeal.case)
        appeal = Appeal.objects.filter(reassessment_case=appeal.case).select_related("case").first()
    return avoided


# --- complaints ----------------------------------------------------------------------------------------


@transaction.atomic
def complaint_submit(*, actor, name: str, email: str, subject: str, description: str) -> Complaint:
    """Anyone, signed in or not, lodges a complaint; the tracking code follows it without an account."""
    name, email, subject, description = (
        name.strip()[:200],
        email.strip()[:254],
        subject.strip()[:200],
        description.strip()[:8000],
    )
    if not (name and email and subject and description):
        raise DomainError(_("Fill in your name, email, the subject and the complaint."))
    if any(has_line_break(value) for value in (name, email, subject)):  # they reach mail headers
        raise DomainError(LINE_BREAK_REFUSED)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Type a valid email address, so that the LSP can answer you.")) from None
    signed_in = actor if actor is not None and actor.is_authenticated else None
    complaint = Complaint.objects.create(
        name=name, email=email, subject=subject, description=description, submitted_by=signed_in
    )
    audit_log(actor=signed_in, code="kompeten.complaint.received", obj=complaint, data={"subject": subject})
    for staff in lsp_admins():
        notify(
            staff,
            _("%(ref)s: a new complaint: %(subject)s") % {"ref": complaint.reference, "subject": subject},
            reverse("certificates:complaint_manage", kwargs={"pk": complaint.pk}),
        )
    return complaint


@transaction.atomic
def complaint_update(*, actor, complaint: Complaint, status: str, note: str) -> ComplaintUpdate:
    """LSP management answers the complainant and moves the complaint along; each step is kept."""
    require_perm(actor, "certificates.manage_complaints", complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    move = COMPLAINT_MOVES.get(status)
    if move is None:
        raise DomainError(_("Choose the status of the complaint."))
    note = note.strip()[:4000]
    if not note:
        raise DomainError(_("Write the note to the complainant."))
    transition_apply(obj=complaint, transition=move, actor=actor)
    return ComplaintUpdate.objects.create(complaint=complaint, status=status, note=note, by=actor)
