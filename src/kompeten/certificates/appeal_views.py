"""FR.AK.04 appeals (the candidate, LSP management, the panel) and the complaints channel (anyone)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.accounts.models import User
from kompeten.cases.models import Case
from kompeten.certificates import appeals
from kompeten.certificates.forms import AppealHearingForm
from kompeten.certificates.models import Appeal, AppealStatus, Complaint, ComplaintStatus
from kompeten.core import ratelimit
from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.formdata import is_number
from kompeten.core.forms import first_error
from kompeten.core.web import run_service
from kompeten.documents.render import form_html, html_to_pdf, pdf_response

COMPLAINTS_PER_MINUTE = 5  # from one address: enough for a person, too few for a flood


def _yes(request, name: str) -> bool:
    return request.POST.get(name) == "yes"


@login_required
def appeal_submit(request, case_pk: int):
    case = get_object_for_user(
        request.user,
        Case.objects.select_related("scheme", "decision"),
        "certificates.appeal_decision",
        pk=case_pk,
    )
    deadline = appeals.appeal_deadline(case)
    if request.method == "POST":
        try:
            appeal = appeals.appeal_submit(
                actor=request.user,
                case=case,
                process_explained=_yes(request, "process_explained"),
                discussed_with_assessor=_yes(request, "discussed_with_assessor"),
                other_person=request.POST.get("other_person", ""),
                grounds=request.POST.get("grounds", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your appeal is submitted; the LSP forms a panel to hear it."))
            return redirect("certificates:appeal", pk=appeal.pk)
    context = {"case": case, "deadline": deadline, "open": appeals.appeal_open(case), "form": request.POST}
    return render(request, "certificates/appeal_submit.html", context)


@login_required
def appeal_list(request):
    queryset = Appeal.objects.select_related("case__asesi", "case__scheme").order_by("-submitted_at")
    if not request.user.has_perm("certificates.manage_appeals"):
        queryset = queryset.filter(panel_members__member=request.user)
    return render(request, "certificates/appeal_list.html", {"appeals": queryset[:300]})


def appeal_for_user(request, pk: int, perm: str = "certificates.view_appeal") -> Appeal:
    queryset = Appeal.objects.select_related("case__asesi", "case__scheme", "case__decision", "decided_by")
    return get_object_for_user(request.user, queryset, perm, pk=pk)


@login_required
def appeal_detail(request, pk: int):
    appeal = appeal_for_user(request, pk)
    user = request.user
    manages = user.has_perm("certificates.manage_appeals", appeal)
    sits = user.has_perm("certificates.sit_on_panel", appeal)
    context = {
        "appeal": appeal,
        "panel": [member.member for member in appeal.panel_members.select_related("member")],
        "candidates": (
            appeals.panel_candidates(appeal) if manages and appeal.status == AppealStatus.SUBMITTED else None
        ),
        "can_hear": sits and appeal.status == AppealStatus.PANEL_FORMED,
        "can_decide": sits and appeal.status == AppealStatus.HEARD,
        "outcomes": [(outcome, AppealStatus(outcome).label) for outcome in appeals.OUTCOMES],
        "staff_view": manages or sits,
        "events": audit_events_for(appeal) if manages or sits else (),
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "certificates/appeal_detail.html", context)


@login_required
@require_POST
def appeal_panel(request, pk: int):
    appeal = appeal_for_user(request, pk, "certificates.manage_appeals")
    ids = [value for value in request.POST.getlist("members") if is_number(value) and len(value) < 12]
    run_service(
        request,
        _("The panel is formed and its members are told."),
        lambda: appeals.appeal_panel_form(
            actor=request.user, appeal=appeal, members=User.objects.filter(pk__in=ids)
        ),
    )
    return redirect("certificates:appeal", pk=appeal.pk)


@login_required
@require_POST
def appeal_hearing(request, pk: int):
    appeal = appeal_for_user(request, pk, "certificates.sit_on_panel")
    form = AppealHearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("certificates:appeal", pk=appeal.pk)
    run_service(
        request,
        _("The hearing is recorded."),
        lambda: appeals.appeal_hearing_record(actor=request.user, appeal=appeal, **form.cleaned_data),
    )
    return redirect("certificates:appeal", pk=appeal.pk)


@login_required
@require_POST
def appeal_decide(request, pk: int):
    appeal = appeal_for_user(request, pk, "certificates.sit_on_panel")
    run_service(
        request,
        _("The panel's decision is recorded and the candidate is told."),
        lambda: appeals.appeal_decide(
            actor=request.user,
            appeal=appeal,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
        ),
    )
    return redirect("certificates:appeal", pk=appeal.pk)


@login_required
def appeal_pdf(request, pk: int):
    appeal = appeal_for_user(request, pk)
    html = form_html("documents/fr_ak_04.html", {"appeal": appeal, "case": appeal.case})
    return pdf_response(html_to_pdf(html), f"FR.AK.04-{appeal.reference}.pdf")


# --- complaints ----------------------------------------------------------------------------------------


def complaint_new(request):
    fields = ("name", "email", "subject", "description")
    if request.method == "POST":
        if not ratelimit.allowed(request, scope="complaint", per_minute=COMPLAINTS_PER_MINUTE):
            messages.error(request, _("Too many complaints from your address; wait a minute and try again."))
        else:
            try:
                complaint = appeals.complaint_submit(
                    actor=request.user, **{name: request.POST.get(name, "") for name in fields}
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Your complaint %(ref)s is received. Keep this page's address to follow it.")
                    % {"ref": complaint.reference},
                )
                return redirect("certificates:complaint_track", code=complaint.tracking_code)
    initial = {"name": "", "email": ""}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    return render(request, "certificates/complaint_new.html", {"form": request.POST or initial})


def complaint_track(request, code: str):
    complaint = Complaint.objects.filter(tracking_code=code).first()
    if complaint is None:
        return render(request, "certificates/complaint_track.html", {"complaint": None}, status=404)
    return render(
        request,
        "certificates/complaint_track.html",
        {"complaint": complaint, "updates": complaint.updates.all()},
    )


@login_required
def complaint_list(request):
    if not request.user.has_perm("certificates.manage_complaints"):
        raise PermissionDenied
    complaints = Complaint.objects.order_by("status", "-submitted_at")[:300]
    return render(request, "certificates/complaint_list.html", {"complaints": complaints})


@login_required
def complaint_manage(request, pk: int):
    complaint = get_object_for_user(
        request.user, Complaint.objects.all(), "certificates.manage_complaints", pk=pk
    )
    if request.method == "POST":
        done = run_service(
            request,
            _("The complaint is updated; the complainant sees the note on the tracking page."),
            lambda: appeals.complaint_update(
                actor=request.user,
                complaint=complaint,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
            ),
        )
        if done:
            return redirect("certificates:complaint_manage", pk=complaint.pk)
    context = {
        "complaint": complaint,
        "updates": complaint.updates.select_related("by"),
        "statuses": [(s, ComplaintStatus(s).label) for s in appeals.COMPLAINT_MOVES],
        "events": audit_events_for(complaint),
    }
    return render(request, "certificates/complaint_manage.html", context)
