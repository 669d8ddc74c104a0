"""FR.MAPA.01 and FR.MAPA.02: a scheme's assessment plan and instrument map, kept in versions."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.assessments.models import AssessmentPlan, EvidenceType, InstrumentKind, PlanMethod
from kompeten.cases.selectors import outline_kuk, scheme_outline
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.formdata import is_number
from kompeten.core.services import require_perm
from kompeten.schemes.models import Scheme

MODIFICATIONS = [
    gettext_lazy("Characteristics of the candidates"),
    gettext_lazy("Contextualisation needed for the workplace"),
    gettext_lazy("Advice from the training package or its developer"),
    gettext_lazy("Adjustment of the assessment tools to the contextualisation"),
    gettext_lazy("Chances for integrated assessment, and changes needed to the tools"),
]
CANDIDATE_POTENTIALS = [
    gettext_lazy("Training traceable to the standard"),
    gettext_lazy("Training that is not competency-based"),
    gettext_lazy("Experienced worker, workplace traceable to the standard"),
    gettext_lazy("Experienced worker, workplace not competency-based"),
    gettext_lazy("Self-taught"),
]
TEXT_FIELDS = ("candidate_group", "purpose", "context", "assessors", "benchmarks", "consulted")


def current_plan(scheme) -> AssessmentPlan | None:
    """The latest published version: the one a new session is planned with."""
    return scheme.plans.filter(published_at__isnull=False).order_by("-version").first()


@transaction.atomic
def plan_start(*, actor, scheme) -> AssessmentPlan:
    """A new draft version, starting from the latest version's content."""
    require_perm(actor, "assessments.change_assessmentplan", scheme)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)  # one new version at a time
    draft = scheme.plans.filter(published_at__isnull=True).first()
    if draft is not None:
        raise DomainError(
            _("Version %(version)s is still a draft; finish it before starting another.")
            % {"version": draft.version}
        )
    latest = scheme.plans.order_by("-version").first()
    version = (scheme.plans.aggregate(top=Max("version"))["top"] or 0) + 1
    copied = {"purpose": _("Certification")}
    if latest is not None:
        copied = {
            name: getattr(latest, name)
            for name in (*TEXT_FIELDS, "kuk_plans", "modifications", "instrument_map")
        }
    plan = AssessmentPlan.objects.create(scheme=scheme, version=version, author=actor, **copied)
    audit_log(actor=actor, code="kompeten.plan.started", obj=plan, data={"version": version})
    return plan


def _clean_kuk_plans(scheme, submitted: dict) -> dict:
    known = {str(kuk.pk) for _unit, kuk in outline_kuk(scheme_outline(scheme))}
    cleaned = {}
    for kuk_id, row in submitted.items():
        if str(kuk_id) not in known:
            raise DomainError(_("The plan names a KUK that is not in this scheme."))
        types = [t for t in row.get("types", []) if t in EvidenceType.values]
        methods = [m for m in row.get("methods", []) if m in PlanMethod.values]
        if len(types) != len(row.get("types", [])) or len(methods) != len(row.get("methods", [])):
            raise DomainError(_("Unknown evidence type or method in the plan."))
        cleaned[str(kuk_id)] = {
            "evidence": str(row.get("evidence", ""))[:500],
            "types": types,
            "methods": methods,
        }
    return cleaned


def _clean_map(submitted: dict) -> dict:
    cleaned = {}
    for kind, potentials in submitted.items():
        if kind not in InstrumentKind.values:
            raise DomainError(_("Unknown instrument in the instrument map."))
        numbers = sorted(
            {int(n) for n in potentials if is_number(n) and 1 <= int(n) <= len(CANDIDATE_POTENTIALS)}
        )
        if len(numbers) != len(set(potentials)):
            raise DomainError(_("The candidate potential is a number from 1 to 5."))
        if numbers:
            cleaned[kind] = numbers
    return cleaned


@transaction.atomic
def plan_save(
    *, actor, plan: AssessmentPlan, texts: dict, kuk_plans: dict, modifications: dict, instrument_map: dict
):
    require_perm(actor, "assessments.change_assessmentplan", plan)
    plan = AssessmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.published_at:
        raise DomainError(_("A published version cannot change; start a new version."))
    for name in TEXT_FIELDS:
        setattr(plan, name, str(texts.get(name, ""))[:4000])
    plan.kuk_plans = _clean_kuk_plans(plan.scheme, kuk_plans)
    plan.modifications = {
        str(n): {"present": bool(item.get("present")), "text": str(item.get("text", ""))[:1000]}
        for n, item in modifications.items()
        if is_number(n) and 1 <= int(n) <= len(MODIFICATIONS)
    }
    plan.instrument_map = _clean_map(instrument_map)
    plan.save()
    audit_log(actor=actor, code="kompeten.plan.saved", obj=plan, data={"version": plan.version})
    return plan


def plan_gaps(plan: AssessmentPlan, outline=None) -> list[str]:
    """What keeps the plan from being published, in words (``outline``: the scheme's, if already read)."""
    gaps = []
    for unit, kuk in outline_kuk(outline if outline is not None else scheme_outline(plan.scheme)):
        row = plan.kuk_plans.get(str(kuk.pk)) or {}
        if not row.get("types") or not row.get("methods"):
            gaps.append(
                _("KUK %(number)s of %(unit)s has no evidence type or method.")
                % {"number": kuk.number, "unit": unit.code or unit.title}
            )
    if not plan.instrument_map:
        gaps.append(_("The instrument map (FR.MAPA.02) names no instrument."))
    return gaps


@transaction.atomic
def plan_publish(*, actor, plan: AssessmentPlan) -> AssessmentPlan:
    require_perm(actor, "assessments.change_assessmentplan", plan)
    plan = AssessmentPlan.objects.select_for_update().select_related("scheme").get(pk=plan.pk)
    if plan.published_at:
        raise DomainError(_("This version is already published."))
    gaps = plan_gaps(plan)
    if gaps:
        raise DomainError(_("The plan is not complete: %(gap)s") % {"gap": gaps[0]})
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at"])
    audit_log(actor=actor, code="kompeten.plan.published", obj=plan, data={"version": plan.version})
    return plan
