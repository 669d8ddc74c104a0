"""What each role sees first. Later work (cases, assessments, decisions) fills these lists."""

from django.db.models import Count
from django.utils import timezone

from kompeten.accounts.models import ApplicantProfile, AssessorProfile, Role, RoleAssignment
from kompeten.assessments.models import AssessmentSession, Tuk
from kompeten.cases.models import Case, CaseStatus
from kompeten.cases.selectors import next_step, tracker
from kompeten.certificates.selectors import candidates_waiting, sessions_waiting
from kompeten.core.counts import counts_by
from kompeten.core.models import AuditEvent
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.standards.models import Standard, Unit

RECENT_EVENTS = 15
DASHBOARD_SESSIONS = 10  # of the sessions waiting for the committee, the longest waiting first


def _counts_by_choice(queryset, field: str, choices) -> list[tuple[str, int]]:
    """(label, count) for every choice, zero included, in one query."""
    counts = dict(queryset.values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    return _labelled(counts, choices)


def _labelled(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    return [(choice.label, counts.get(choice.value, 0)) for choice in choices]


def _recent_events():
    return AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")[:RECENT_EVENTS]


def context_for(role: Role, user) -> dict:
    if role == Role.ADMIN_LSP:
        return {
            "scheme_counts": _counts_by_choice(Scheme.objects.all(), "status", SchemeStatus),
            "standard_count": Standard.objects.count(),
            "unit_count": Unit.objects.count(),
            "role_counts": _labelled(counts_by(RoleAssignment), Role),
            "case_counts": _labelled(counts_by(Case), CaseStatus),
            "events": _recent_events(),
        }
    if role == Role.MANAJER_SERTIFIKASI:
        return {
            "schemes": Scheme.objects.exclude(status=SchemeStatus.RETIRED).order_by("status", "title"),
            "events": _recent_events(),
        }
    if role == Role.ASESOR:
        return {
            "assessor_profile": AssessorProfile.objects.filter(user=user).first(),
            "to_review": Case.objects.filter(asesor=user, status=CaseStatus.ASESOR_ASSIGNED).select_related(
                "scheme", "asesi"
            ),
            "assigned": Case.objects.filter(asesor=user)
            .exclude(status=CaseStatus.ASESOR_ASSIGNED)
            .select_related("scheme", "asesi")[:20],
        }
    if role == Role.ASESI:
        profile = ApplicantProfile.objects.filter(user=user).select_related("user").first()
        cases = list(Case.objects.filter(asesi=user).select_related("scheme"))
        return {
            "open_schemes": Scheme.objects.active().order_by("title")[:10],
            "profile_complete": bool(profile and profile.is_complete),
            "cases": [{"case": case, "tracker": tracker(case), "next": next_step(case)} for case in cases],
        }
    if role == Role.KOMITE_TEKNIS:
        waiting = sessions_waiting()
        return {
            "sessions": list(waiting[:DASHBOARD_SESSIONS]),
            "waiting_total": waiting.count(),
            "candidates_waiting": candidates_waiting(),
        }
    if role == Role.ADMIN_TUK:
        return {
            "tuks": Tuk.objects.filter(admins=user).order_by("name"),
            "sessions": AssessmentSession.objects.filter(tuk__admins=user, ends_at__gte=timezone.now())
            .select_related("scheme", "tuk")
            .order_by("starts_at")[:20],
        }
    return {}
