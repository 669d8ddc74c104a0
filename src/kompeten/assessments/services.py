"""Sites, schedules and who assesses whom. Every change is a service with a permission check and an event."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.assessments.impartiality import assessor_problems, relationship_problems
from kompeten.assessments.models import (
    AssessmentSession,
    AssessorRelationship,
    Participant,
    SessionAssessor,
    SessionStatus,
    Tuk,
    TukTimeZone,
    TukVerification,
)
from kompeten.assessments.planning import current_plan
from kompeten.cases import lifecycle
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates.appeals import assessors_to_avoid
from kompeten.core import counters
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import notify
from kompeten.core.services import require_perm

COI_DECLARATION = gettext_lazy(
    "I declare that I have no relationship with the candidates of this session that could affect my impartiality "
    "(family, employer, institution, or people I trained), and that I will not accept any gift or favour."
)


def tuk_is_verified_for(tuk: Tuk, scheme_code: str, on: datetime.date) -> bool:
    return tuk.verifications.filter(
        scheme_code=scheme_code, verified_on__lte=on, valid_until__gte=on
    ).exists()


TUK_EDITABLE = ("address", "time_zone", "contact_name", "contact_phone", "contact_email")


@transaction.atomic
def tuk_update(*, actor, tuk: Tuk, **changes) -> Tuk:
    """Its own admin keeps a TUK's address, time zone and contact up to date; the LSP may too."""
    require_perm(actor, "assessments.change_tuk", tuk)
    unknown = set(changes) - set(TUK_EDITABLE)
    if unknown:
        raise DomainError(
            _("These TUK details cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "time_zone" in changes and changes["time_zone"] not in TukTimeZone.values:
        raise DomainError(_("Choose WIB, WITA or WIT."))
    if "address" in changes and not str(changes["address"]).strip():
        raise DomainError(_("The TUK needs an address."))
    before = {name: getattr(tuk, name) for name in changes}
    for name, value in changes.items():
        setattr(tuk, name, str(value).strip())
    tuk.save(update_fields=list(changes))
    changed = {name: getattr(tuk, name) for name in changes if getattr(tuk, name) != before[name]}
    audit_log(actor=actor, code="kompeten.tuk.updated", obj=tuk, data=changed)
    return tuk


@transaction.atomic
def tuk_verify(
    *,
    actor,
    tuk: Tuk,
    scheme_code: str,
    verified_on: datetime.date,
    valid_until: datetime.date,
    notes: str = "",
):
    """Record that an assessor verified the TUK for a scheme (PBNSP 206)."""
    require_perm(actor, "assessments.verify_tuk", tuk)
    if valid_until < verified_on:
        raise DomainError(_("A verification cannot end before it was made."))
    verification = TukVerification.objects.create(
        tuk=tuk,
        scheme_code=scheme_code.strip(),
        verified_on=verified_on,
        valid_until=valid_until,
        verified_by=actor,
        notes=notes,
    )
    audit_log(
        actor=actor,
        code="kompeten.tuk.verified",
        obj=tuk,
        data={"scheme": scheme_code, "until": str(valid_until)},
    )
    return verification


@transaction.atomic
def relationship_declare(*, actor, kind: str, name: str, person=None) -> AssessorRelationship:
    """An assessor declares a relationship; from then on they cannot assess that person or workplace."""
    if not name.strip():
        raise DomainError(_("Name the person, employer or institution."))
    relationship = AssessorRelationship.objects.create(
        asesor=actor, kind=kind, name=name.strip(), person=person
    )
    audit_log(
        actor=actor,
        code="kompeten.asesor.relationship_declared",
        obj=actor,
        data={"kind": kind, "name": name},
    )
    return relationship


def _next_reference(starts_at: datetime.datetime) -> str:
    """``JDW-<year>-<n>`` from the locked counter of the session's year (held until the transaction ends)."""
    year = starts_at.year
    prefix = f"JDW-{year}-"
    number = counters.next_value(
        f"session:{year}",
        start=lambda: counters.highest_suffix(AssessmentSession.objects, "reference", prefix),
    )
    return f"{prefix}{number:04d}"


@transaction.atomic
def session_create(
    *, actor, scheme, tuk: Tuk, starts_at: datetime.datetime, ends_at: datetime.datetime, quota: int
):
    """A jadwal at a TUK verified for the scheme on that day."""
    require_perm(actor, "assessments.add_assessmentsession")
    if ends_at <= starts_at:
        raise DomainError(_("The session must end after it starts."))
    if quota < 1:
        raise DomainError(_("The quota is at least one participant."))
    day = timezone.localtime(starts_at, tuk.zone).date()
    if not tuk_is_verified_for(tuk, scheme.code, day):
        raise DomainError(
            _("%(tuk)s is not verified for the scheme %(scheme)s on %(date)s; it cannot host this session.")
            % {"tuk": tuk, "scheme": scheme.code, "date": day.strftime("%d-%m-%Y")}
        )
    reference = _next_reference(starts_at)  # locks the year's counter: one session created at a time
    same = AssessmentSession.objects.filter(
        scheme=scheme, tuk=tuk, starts_at=starts_at, ends_at=ends_at, status=SessionStatus.PLANNED
    ).first()
    if same is not None:  # a form sent twice, or two admins planning the same session at once
        raise DomainError(
            _("This session already exists as %(ref)s (same scheme, TUK and time); it was not created twice.")
            % {"ref": same.reference}
        )
    session = AssessmentSession.objects.create(
        reference=reference,
        scheme=scheme,
        tuk=tuk,
        starts_at=starts_at,
        ends_at=ends_at,
        quota=quota,
        plan=current_plan(scheme),
        created_by=actor,
    )
    audit_log(
        actor=actor, code="kompeten.session.created", obj=session, data={"scheme": scheme.code, "tuk": tuk.pk}
    )
    return session


def eligible_cases(session: AssessmentSession):
    """Cases of the session's scheme that passed the APL-02 review and wait for a schedule."""
    return Case.objects.filter(scheme_code=session.scheme.code, status=CaseStatus.CONTINUE).select_related(
        "asesi", "asesor"
    )


@transaction.atomic
def session_add_participant(
    *, actor, session: AssessmentSession, case: Case, asesor=None, reason: str = ""
) -> Participant:
    """Schedule a candidate, keeping the assessor of their APL-02 review unless reassigned with a reason.

    Impartiality is enforced: licence, scope, no double booking, no declared relationship.
    """
    require_perm(actor, "assessments.change_assessmentsession", session)
    session = AssessmentSession.objects.select_for_update().get(pk=session.pk)
    case = Case.objects.select_for_update().select_related("asesi", "scheme").get(pk=case.pk)
    if session.status != SessionStatus.PLANNED:
        raise DomainError(_("Participants can only be added to a planned session."))
    if case.scheme_code != session.scheme.code:
        raise DomainError(_("This candidate applied for another scheme."))
    if session.participants.count() >= session.quota:
        raise DomainError(_("The session is full (quota %(quota)s).") % {"quota": session.quota})
    asesor = asesor or case.asesor
    if asesor is None:
        raise DomainError(_("Choose the assessor for this candidate."))
    if case.asesor_id and asesor.pk != case.asesor_id and not reason.strip():
        raise DomainError(
            _("Give the reason for assigning another assessor than the one who reviewed the APL-02.")
        )
    problems = assessor_problems(asesor, session) + relationship_problems(asesor, case)
    if asesor.pk in assessors_to_avoid(case):
        problems.append(_("A re-assessment after an appeal needs an assessor who did not assess before."))
    if problems:
        raise DomainError(" ".join(problems))
    if case.asesor_id is None:  # a re-assessment after an appeal: its assessor is chosen here
        case.asesor = asesor
        case.save(update_fields=["asesor"])
    SessionAssessor.objects.get_or_create(session=session, asesor=asesor)
    participant = Participant.objects.create(
        session=session, case=case, asesor=asesor, reassignment_reason=reason.strip()
    )
    lifecycle.case_move(
        actor=actor, case=case, name="schedule", data={"session": session.reference, "asesor": asesor.pk}
    )
    link = reverse("assessments:session", kwargs={"pk": session.pk})
    when = timezone.localtime(session.starts_at, session.tuk.zone).strftime("%d-%m-%Y %H:%M")
    notify(
        case.asesi,
        _("Your assessment is scheduled: %(when)s %(zone)s at %(tuk)s.")
        % {"when": when, "zone": session.tuk.zone_label, "tuk": session.tuk},
        reverse("cases:detail", kwargs={"pk": case.pk}),
    )
    notify(
        asesor,
        _("You assess %(candidate)s in %(session)s.") % {"candidate": case.asesi, "session": session},
        link,
    )
    return participant


@transaction.atomic
def assessor_declare(*, actor, session: AssessmentSession) -> SessionAssessor:
    """The assessor accepts the assignment with the conflict-of-interest declaration."""
    assignment = SessionAssessor.objects.select_for_update().filter(session=session, asesor=actor).first()
    if assignment is None:
        raise DomainError(_("You are not an assessor of this session."))
    if assignment.declared_at is None:
        assignment.declaration = str(COI_DECLARATION)
        assignment.declared_at = timezone.now()
        assignment.save(update_fields=["declaration", "declared_at"])
        audit_log(actor=actor, code="kompeten.session.coi_declared", obj=session)
    return assignment
