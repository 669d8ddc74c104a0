from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.schemes import selectors, services
from kompeten.schemes.models import EvidenceKind, Scheme
from kompeten.standards.models import Unit

SCHEMES_PER_PAGE = 20


def landing(request):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.schemes_public_list(search=search), SCHEMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "schemes/landing.html", {"page": page, "search": search})


def scheme_detail(request, pk: int):
    scheme = get_object_for_user(
        request.user, Scheme.objects.all(), "schemes.read_scheme", conceal=True, pk=pk
    )
    evidence = selectors.scheme_evidence_by_kind(scheme)
    context = {
        "scheme": scheme,
        "scheme_units": selectors.scheme_units_in_order(scheme),
        "requirements": scheme.requirements.order_by("order"),
        "basic_evidence": evidence.get(EvidenceKind.BASIC, []),
        "admin_evidence": evidence.get(EvidenceKind.ADMINISTRATIVE, []),
        "methods": scheme.methods.order_by("order"),
        "can_activate": request.user.has_perm("schemes.activate_scheme", scheme),
        "can_retire": request.user.has_perm("schemes.retire_scheme", scheme),
        "can_change": scheme.status == "draft" and request.user.has_perm("schemes.change_scheme", scheme),
    }
    if request.user.has_perm("core.view_auditevent"):
        context["events"] = audit_events_for(scheme)
    return render(request, "schemes/detail.html", context)


def _scheme_transition_view(request, pk: int, perm: str, service, success: str):
    scheme = get_object_for_user(request.user, Scheme.objects.all(), perm, pk=pk)
    try:
        service(actor=request.user, scheme=scheme)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("schemes:detail", pk=scheme.pk)


@login_required
@require_POST
def scheme_activate_view(request, pk: int):
    return _scheme_transition_view(
        request,
        pk,
        "schemes.activate_scheme",
        services.scheme_activate,
        _("The scheme is active and open to applicants."),
    )


@login_required
@require_POST
def scheme_retire_view(request, pk: int):
    return _scheme_transition_view(
        request, pk, "schemes.retire_scheme", services.scheme_retire, _("The scheme is retired.")
    )


@login_required
@require_POST
def scheme_unit_resolve_view(request, pk: int, unit_pk: int):
    scheme = get_object_for_user(request.user, Scheme.objects.all(), "schemes.change_scheme", pk=pk)
    provisional = Unit.objects.filter(pk=unit_pk, is_provisional=True).first()
    try:
        if provisional is None:
            raise DomainError(services.UNIT_NOT_PROVISIONAL)
        scheme_unit = services.scheme_unit_resolve(
            actor=request.user, scheme=scheme, provisional=provisional, code=request.POST.get("code", "")[:60]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The unit is now %(unit)s.") % {"unit": scheme_unit.unit})
    return redirect("schemes:detail", pk=scheme.pk)
