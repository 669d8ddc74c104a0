from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.accounts.models import ApplicantProfile, Role
from kompeten.cases import filecheck, selectors, services
from kompeten.cases.forms import CHOOSE_ASSESSOR, AssessorAssignForm, SelfAssessmentSaveForm
from kompeten.cases.models import Case, CaseStatus, Evidence, Purpose
from kompeten.certificates.appeals import appeal_deadline, appeal_open
from kompeten.certificates.lifecycle import recertification_due
from kompeten.certificates.surveillance import logbook_due_soon
from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.counts import count_per_row, counts_by
from kompeten.core.errors import DomainError
from kompeten.core.web import run_service
from kompeten.schemes.models import Scheme

CASES_PER_PAGE = 25


def case_for_user(request, pk: int, perm: str = "cases.view_case") -> Case:
    """The case at ``pk`` if the signed-in user holds ``perm`` on it (404 when missing, 403 otherwise)."""
    queryset = Case.objects.select_related("scheme", "asesi", "asesor")
    return get_object_for_user(request.user, queryset, perm, pk=pk)


def _back(case: Case, anchor: str = ""):
    response = redirect("cases:detail", pk=case.pk)
    response["Location"] += anchor
    return response


@login_required
def my_cases(request):
    if not request.user.has_role(Role.ASESI):
        raise PermissionDenied
    cases = Case.objects.filter(asesi=request.user).select_related("scheme")
    return render(
        request, "cases/my_cases.html", {"cases": cases, "schemes": Scheme.objects.active().order_by("title")}
    )


@login_required
def case_new(request, scheme_pk: int):
    if not request.user.has_role(Role.ASESI):
        raise PermissionDenied
    scheme = get_object_for_user(
        request.user, Scheme.objects.all(), "schemes.read_scheme", conceal=True, pk=scheme_pk
    )
    if request.method == "POST":
        try:
            case = services.case_open(
                actor=request.user,
                scheme=scheme,
                purpose=request.POST.get("purpose", ""),
                purpose_other=request.POST.get("purpose_other", "")[:200],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("cases:detail", pk=case.pk)
    profile = ApplicantProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "cases/case_new.html",
        {
            "scheme": scheme,
            "purposes": Purpose.choices,
            "profile_complete": bool(profile and profile.is_complete),
        },
    )


@login_required
def case_detail(request, pk: int):
    case = case_for_user(request, pk)
    context = selectors.case_page(case, request.user)
    context["events"] = audit_events_for(case)
    certificate = getattr(case, "certificate", None)
    context["recertification_due"] = certificate is not None and recertification_due(certificate)
    context["logbook_due"] = certificate and logbook_due_soon(certificate)
    context["appeal"] = getattr(case, "appeal", None)
    context["appeal_deadline"] = appeal_deadline(case) if appeal_open(case) else None
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def document_upload(request, pk: int, requirement_pk: int):
    case = case_for_user(request, pk, "cases.change_case")
    requirement = case.scheme.evidence.filter(pk=requirement_pk).first()
    upload = request.FILES.get("file")
    if requirement is None:
        raise Http404
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    elif upload.size > services.max_upload_bytes():
        messages.error(request, services.too_large_message(upload.size))
    else:
        run_service(
            request,
            _("“%(name)s” is uploaded.") % {"name": upload.name},
            lambda: services.evidence_upload(
                actor=request.user, case=case, name=upload.name, data=upload.read(), requirement=requirement
            ),
        )
    return _back(case, "#dokumen")


@login_required
@require_POST
def case_submit(request, pk: int):
    case = case_for_user(request, pk, "cases.change_case")
    run_service(
        request,
        _("Your application is submitted. The LSP will verify it."),
        lambda: services.case_submit(
            actor=request.user, case=case, declaration=request.POST.get("declaration") == "on"
        ),
    )
    return _back(case)


@login_required
@require_POST
def case_verify(request, pk: int):
    case = case_for_user(request, pk, "cases.verify_case")
    documents = {}
    for evidence in case.evidence.filter(superseded=False, requirement__isnull=False):
        verdict = request.POST.get(f"document-{evidence.pk}")
        if verdict in ("valid", "invalid"):
            documents[evidence.pk] = services.DocumentDecision(
                verdict == "valid", request.POST.get(f"note-{evidence.pk}", "")[:1000]
            )
    requirements = {
        item.pk: request.POST.get(f"requirement-{item.pk}") == "met"
        for item in case.scheme.requirements.all()
        if request.POST.get(f"requirement-{item.pk}") in ("met", "not_met")
    }
    outcome = request.POST.get("outcome", "")
    done = {
        "accept": _("The application is accepted."),
        "return": _("The application is returned to the candidate for revision."),
        "reject": _("The application is rejected."),
    }
    run_service(
        request,
        done.get(outcome, ""),
        lambda: services.case_verify(
            actor=request.user,
            case=case,
            documents=documents,
            requirements=requirements,
            outcome=outcome,
            note=request.POST.get("note", "")[:2000],
        ),
    )
    return _back(case)


@login_required
def evidence_file(request, pk: int, evidence_pk: int):
    """A candidate's file, only for those who may see the case."""
    case = case_for_user(request, pk)
    evidence = Evidence.objects.filter(case=case, pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return filecheck.evidence_response(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        name=evidence.original_name,
        prefix=f"{evidence.pk}-",
    )


@login_required
def apl02(request, pk: int):
    case = case_for_user(request, pk)
    return render(request, "cases/apl02.html", selectors.apl02_page(case, request.user))


@login_required
@require_POST
def apl02_save(request, pk: int, element_pk: int):
    """Autosave of one answer (htmx): the new version, or a visible refusal (409) of a stale save."""
    case = case_for_user(request, pk, "cases.change_case")
    element = next((item for item in services.case_elements(case) if item.pk == element_pk), None)
    if element is None:
        raise Http404
    form = SelfAssessmentSaveForm(request.POST)
    form.is_valid()  # every field is optional and lenient: what cannot be read is left out
    status = 200
    try:
        item = services.self_assessment_save(
            actor=request.user,
            case=case,
            element=element,
            **form.changes(),
        )
        message, ok = _("Saved"), True
    except DomainError as error:
        item = case.self_assessments.filter(element=element).first()
        message, ok, status = error.message, False, 409
    context = {"case": case, "element": element, "item": item, "message": message, "ok": ok}
    return render(request, "cases/_apl02_saved.html", context, status=status)


@login_required
@require_POST
def apl02_evidence(request, pk: int):
    case = case_for_user(request, pk, "cases.change_case")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    elif upload.size > services.max_upload_bytes():
        messages.error(request, services.too_large_message(upload.size))
    else:
        run_service(
            request,
            _("“%(name)s” is uploaded; link it to the elements it shows.") % {"name": upload.name},
            lambda: services.evidence_upload(
                actor=request.user, case=case, name=upload.name, data=upload.read()
            ),
        )
    return redirect("cases:apl02", pk=case.pk)


@login_required
@require_POST
def apl02_submit(request, pk: int):
    case = case_for_user(request, pk, "cases.change_case")
    if run_service(
        request,
        _("Your self-assessment is submitted and locked."),
        lambda: services.self_assessment_submit(actor=request.user, case=case),
    ):
        return _back(case)
    return redirect("cases:apl02", pk=case.pk)


@login_required
@require_POST
def asesor_assign(request, pk: int):
    case = case_for_user(request, pk, "cases.assign_asesor")
    form = AssessorAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, CHOOSE_ASSESSOR)
    else:
        asesor = form.cleaned_data["asesor"]
        run_service(
            request,
            _("%(name)s is assigned.") % {"name": asesor},
            lambda: services.asesor_assign(actor=request.user, case=case, asesor=asesor),
        )
    return _back(case)


@login_required
@require_POST
def apl02_review(request, pk: int):
    case = case_for_user(request, pk, "cases.review_case")
    decision = request.POST.get("decision")
    if decision not in ("continue", "not_continue"):
        messages.error(request, _("Choose whether the assessment can continue."))
        return redirect("cases:apl02", pk=case.pk)
    run_service(
        request,
        _("Your recommendation is recorded and the candidate is told."),
        lambda: services.apl02_review(
            actor=request.user,
            case=case,
            can_continue=decision == "continue",
            note=request.POST.get("note", "")[:2000],
        ),
    )
    return _back(case)


@login_required
def verification_queue(request):
    if not request.user.has_perm("cases.list_case"):
        raise PermissionDenied
    status = request.GET.get("status", CaseStatus.SUBMITTED)
    if status not in CaseStatus.values:
        status = CaseStatus.SUBMITTED
    counts = counts_by(Case)
    cases = (
        Case.objects.filter(status=status)
        .select_related("scheme", "asesi", "asesor")
        .annotate(documents=count_per_row(Evidence.objects.filter(superseded=False), "case"))
        .order_by("submitted_at", "created_at")
    )
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in CaseStatus.choices]
    return render(request, "cases/queue.html", {"page": page, "tabs": tabs, "status": status})
