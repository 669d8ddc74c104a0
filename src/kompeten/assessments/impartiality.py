"""Who may assess whom: the impartiality rules of a jadwal, each refusal with its reason."""

from django.utils.translation import gettext as _

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments.models import (
    AssessmentSession,
    AssessorRelationship,
    SessionAssessor,
    SessionStatus,
)
from kompeten.core.formdata import same_name


def assessor_problems(asesor, session: AssessmentSession) -> list[str]:
    """Why ``asesor`` cannot assess in ``session`` at all (licence, scope, another session at that time)."""
    problems = []
    profile = AssessorProfile.objects.filter(user=asesor).first()
    if profile is None or not asesor.has_role(Role.ASESOR):
        return [_("%(name)s is not a registered assessor.") % {"name": asesor}]
    if not profile.licence_is_valid(on=session.starts_at.date()):
        problems.append(
            _("%(name)s's licence (MET %(met)s) expires on %(date)s, before this session.")
            % {
                "name": asesor,
                "met": profile.met_number,
                "date": profile.licence_expires_on.strftime("%d-%m-%Y"),
            }
        )
    if not profile.schemes.filter(code=session.scheme.code).exists():
        problems.append(
            _("%(name)s may not assess the scheme %(scheme)s.")
            % {"name": asesor, "scheme": session.scheme.code}
        )
    clash = (
        SessionAssessor.objects.filter(
            asesor=asesor, session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at
        )
        .exclude(session=session)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
        .first()
    )
    if clash:
        problems.append(
            _("%(name)s is already assigned to %(other)s at the same time.")
            % {"name": asesor, "other": clash.session}
        )
    return problems


def relationship_problems(asesor, case) -> list[str]:
    """Why ``asesor`` cannot assess this candidate: a relationship the assessor declared."""
    candidate = case.asesi
    employer = getattr(getattr(candidate, "applicant_profile", None), "employer", "")
    problems = []
    for relationship in AssessorRelationship.objects.filter(asesor=asesor):
        if relationship.person_id == candidate.pk or same_name(relationship.name, candidate.full_name):
            problems.append(
                _("%(name)s declared a relationship with %(candidate)s (%(kind)s).")
                % {"name": asesor, "candidate": candidate, "kind": relationship.get_kind_display().lower()}
            )
        elif employer and same_name(relationship.name, employer):
            problems.append(
                _("%(name)s declared a relationship with %(employer)s, where %(candidate)s works.")
                % {"name": asesor, "employer": employer, "candidate": candidate}
            )
    return problems
