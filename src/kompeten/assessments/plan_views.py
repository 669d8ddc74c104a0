"""FR.MAPA.01/02 pages: a scheme's plan versions, editing a draft, publishing, and the PDFs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.assessments import planning
from kompeten.assessments.models import AssessmentPlan, EvidenceType, InstrumentKind, PlanMethod
from kompeten.cases.selectors import outline_kuk, scheme_outline
from kompeten.core.access import get_object_for_user
from kompeten.core.errors import DomainError
from kompeten.core.formdata import numbered_rows
from kompeten.documents.render import form_html, html_to_pdf, pdf_response
from kompeten.schemes.models import Scheme

PDF_TEMPLATES = {"fr-mapa-01": "documents/fr_mapa_01.html", "fr-mapa-02": "documents/fr_mapa_02.html"}


def plan_for_user(request, pk: int) -> AssessmentPlan:
    queryset = AssessmentPlan.objects.select_related("scheme", "author")
    return get_object_for_user(request.user, queryset, "assessments.view_assessmentplan", pk=pk)


@login_required
def plan_list(request, scheme_pk: int):
    if not request.user.has_perm("assessments.view_assessmentplan"):
        raise PermissionDenied
    scheme = get_object_for_user(
        request.user, Scheme.objects.all(), "schemes.read_scheme", conceal=True, pk=scheme_pk
    )
    if not request.user.has_perm("assessments.view_assessmentplan", scheme):  # the scheme in the scope
        raise PermissionDenied
    if request.method == "POST":
        try:
            plan = planning.plan_start(actor=request.user, scheme=scheme)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("assessments:plans", scheme_pk=scheme.pk)
        return redirect("assessments:plan", pk=plan.pk)
    plans = scheme.plans.select_related("author")
    return render(request, "assessments/plan_list.html", {"scheme": scheme, "plans": plans})


def _submitted(post, outline) -> tuple[dict, dict, dict, dict]:
    texts = {name: post.get(name, "") for name in planning.TEXT_FIELDS}
    kuk_plans = {
        str(kuk.pk): {
            "evidence": post.get(f"evidence-{kuk.pk}", ""),
            "types": post.getlist(f"types-{kuk.pk}"),
            "methods": post.getlist(f"methods-{kuk.pk}"),
        }
        for _unit, kuk in outline_kuk(outline)
    }
    modifications = {
        str(n): {
            "present": post.get(f"modification-{n}") == "ada",
            "text": post.get(f"modification-text-{n}", ""),
        }
        for n in range(1, len(planning.MODIFICATIONS) + 1)
    }
    instrument_map = {kind: post.getlist(f"map-{kind}") for kind in InstrumentKind.values}
    return texts, kuk_plans, modifications, instrument_map


@login_required
def plan_page(request, pk: int):
    plan = plan_for_user(request, pk)
    outline = scheme_outline(plan.scheme)
    if request.method == "POST":
        texts, kuk_plans, modifications, instrument_map = _submitted(request.POST, outline)
        try:
            planning.plan_save(
                actor=request.user,
                plan=plan,
                texts=texts,
                kuk_plans=kuk_plans,
                modifications=modifications,
                instrument_map=instrument_map,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The plan is saved."))
        return redirect("assessments:plan", pk=plan.pk)
    context = {
        "plan": plan,
        "units": outline,
        "editable": plan.published_at is None and request.user.has_perm("assessments.change_assessmentplan"),
        "types": EvidenceType.choices,
        "methods": PlanMethod.choices,
        "modifications": numbered_rows(planning.MODIFICATIONS, plan.modifications),
        "potentials": list(enumerate(planning.CANDIDATE_POTENTIALS, 1)),
        "instruments": [
            (kind, label, plan.instrument_map.get(kind, [])) for kind, label in InstrumentKind.choices
        ],
        "gaps": planning.plan_gaps(plan, outline) if plan.published_at is None else [],
    }
    return render(request, "assessments/plan.html", context)


@login_required
@require_POST
def plan_publish(request, pk: int):
    plan = plan_for_user(request, pk)
    try:
        planning.plan_publish(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Version %(version)s is published.") % {"version": plan.version})
    return redirect("assessments:plan", pk=plan.pk)


@login_required
def plan_pdf(request, pk: int, form: str):
    plan = plan_for_user(request, pk)
    if form not in PDF_TEMPLATES:
        raise Http404
    context = {
        "plan": plan,
        "scheme": plan.scheme,
        "units": scheme_outline(plan.scheme),
        "types": EvidenceType.values,
        "methods": PlanMethod.values,
        "columns": len(EvidenceType.values) + len(PlanMethod.values) + 1,
        "modifications": numbered_rows(planning.MODIFICATIONS, plan.modifications),
        "potentials": planning.CANDIDATE_POTENTIALS,
        "instruments": [(label, plan.instrument_map.get(kind, [])) for kind, label in InstrumentKind.choices],
    }
    html = form_html(PDF_TEMPLATES[form], context)
    return pdf_response(html_to_pdf(html), f"{form.upper()}-{plan.scheme.code}-v{plan.version}.pdf")
