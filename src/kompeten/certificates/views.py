"""The technical committee's pages: sessions with recommendations, a decision per candidate, the SK."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kompeten.assessments.models import AssessmentSession, Participant
from kompeten.assessments.views import session_for_user
from kompeten.cases.models import Case, CaseStatus
from kompeten.cases.selectors import scheme_outline
from kompeten.cases.services import max_upload_bytes
from kompeten.certificates import legacy_import, lifecycle, printing, selectors, services, surveillance
from kompeten.certificates.forms import PageForm
from kompeten.certificates.models import Certificate, CertificateStatus, SurveillanceLog
from kompeten.core import ratelimit, workbooks
from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.counts import counts_by
from kompeten.core.errors import DomainError
from kompeten.core.formdata import is_number
from kompeten.core.import_jobs import WorkbookImport, WorkbookImportKind
from kompeten.core.import_views import workbook_import_start
from kompeten.core.web import run_service
from kompeten.documents.render import form_html, html_to_pdf, pdf_response


@login_required
def committee_sessions(request):
    """A page of the sessions waiting for decisions, the longest waiting first, then the latest decided: the
    same queries however long the queue."""
    if not request.user.has_perm("certificates.view_decisions"):
        raise PermissionDenied
    page = Paginator(selectors.sessions_waiting(), selectors.SESSIONS_SHOWN).get_page(
        PageForm(request.GET).number()
    )
    return render(
        request,
        "certificates/committee_sessions.html",
        {
            "page": page,
            "sessions": list(page.object_list),
            "waiting_total": page.paginator.count,
            "candidates_waiting": selectors.candidates_waiting(),
            "decided": selectors.sessions_decided() if page.number == 1 else [],
            "shown": selectors.SESSIONS_SHOWN,
        },
    )


@login_required
def session_decisions(request, pk: int):
    session = session_for_user(request, pk, "certificates.view_decisions")
    units = scheme_outline(session.scheme)
    rows = []
    for participant in selectors.session_decisions(session):
        record = getattr(participant, "record", None)
        rows.append(
            {
                "participant": participant,
                "record": record,
                "decision": getattr(participant.case, "decision", None),
                "suggested": services.suggested_units(record) if record else [],
                "can_decide": request.user.has_perm("certificates.decide_case", participant.case),
            }
        )
    return render(
        request, "certificates/session_decisions.html", {"session": session, "rows": rows, "units": units}
    )


@login_required
@require_POST
def decide(request, pk: int, participant_pk: int):
    session = session_for_user(request, pk, "certificates.view_decisions")
    participant = session.participants.select_related("case").filter(pk=participant_pk).first()
    if participant is None:
        raise Http404
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in ("K", "BK"):
            raise DomainError(_("Choose competent (K) or not yet competent (BK)."))
        services.decision_record(
            actor=request.user,
            case=participant.case,
            competent=outcome == "K",
            reason=request.POST.get("reason", ""),
            units=[int(unit) for unit in request.POST.getlist("units") if is_number(unit)],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The decision for %(name)s is recorded.") % {"name": participant.case.asesi}
        )
    return redirect("certificates:session", pk=session.pk)


@login_required
def decision_letter(request, pk: int):
    """The SK: the committee's decisions on the session's candidates, signed for the LSP's head."""
    session = session_for_user(request, pk, "certificates.view_decisions")
    rows = [p for p in selectors.session_decisions(session) if hasattr(p.case, "decision")]
    units = {unit.pk: unit for unit in scheme_outline(session.scheme)}
    for participant in rows:
        participant.bk_units = [
            units[u] for u in participant.case.decision.not_yet_competent_units if u in units
        ]
    html = form_html("documents/sk_decision.html", {"session": session, "rows": rows})
    return pdf_response(html_to_pdf(html), f"SK-{session.reference}.pdf")


# --- issuing (LSP) --------------------------------------------------------------------------------------


WAITING_SHOWN = 20  # cases (and sessions) waiting for certificates listed; the rest are issued by session
ISSUED_PER_PAGE = 50
LAST_PAGE = 10_000


def _page_number(value) -> int:
    return min(int(value), LAST_PAGE) if is_number(value) and int(value) >= 1 else 1


@login_required
def certificate_list(request):
    """Cases decided competent waiting for their certificate, and the certificates issued."""
    if not request.user.has_perm("certificates.issue_certificate"):
        raise PermissionDenied
    waiting = list(
        Case.objects.filter(status=CaseStatus.COMPETENT)
        .select_related("asesi", "scheme")
        .order_by("reference")[:WAITING_SHOWN]
    )
    with_competent = Participant.objects.filter(case__status=CaseStatus.COMPETENT).values("session_id")
    sessions = AssessmentSession.objects.filter(pk__in=with_competent).order_by("starts_at")[:WAITING_SHOWN]
    page = _page_number(request.GET.get("page"))
    start = (page - 1) * ISSUED_PER_PAGE
    issued = list(Certificate.objects.order_by("-issued_at", "-pk")[start : start + ISSUED_PER_PAGE + 1])
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "waiting": waiting,
            "waiting_more": counts_by(Case).get(CaseStatus.COMPETENT, 0) - len(waiting),
            "sessions": sessions,
            "issued": issued[:ISSUED_PER_PAGE],
            "page": page,
            "has_next": len(issued) > ISSUED_PER_PAGE,
        },
    )


@login_required
@require_POST
def certificate_issue(request, case_pk: int):
    case = get_object_for_user(request.user, Case.objects.all(), "certificates.issue_certificate", pk=case_pk)
    try:
        certificate = services.certificate_issue(actor=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Certificate %(number)s is issued.") % {"number": certificate.number})
    return redirect("certificates:list")


@login_required
def session_certificates(request, pk: int):
    """Issue a whole jadwal at once; the progress refreshes itself while the workers render."""
    session = session_for_user(request, pk, "certificates.issue_certificate")
    if request.method == "POST":
        try:
            count = services.session_certificates_queue(actor=request.user, session=session)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(n)s certificates are being issued in the background.") % {"n": count}
            )
        return redirect("certificates:session_certificates", pk=session.pk)
    progress = selectors.session_issue_progress(session)
    template = (
        "certificates/_issue_progress.html" if request.htmx else "certificates/session_certificates.html"
    )
    return render(request, template, {"session": session, "progress": progress})


@login_required
def certificate_pdf(request, pk: int):
    """The PDF for the LSP and for the holder; rendered in the background, so it may not be there yet."""
    certificate = get_object_for_user(
        request.user, Certificate.objects.select_related("case"), "certificates.view_certificate", pk=pk
    )
    if certificate.pdf:
        source = certificate.pdf.open("rb")
    elif certificate.imported:  # printed before Kompeten: a copy, rendered when asked
        source = io.BytesIO(html_to_pdf(printing.certificate_html(certificate)))
    else:
        printing.certificate_pdf_ensure(certificate=certificate)  # rendered again if its last render failed
        messages.info(request, _("The certificate's PDF is still being prepared; try again in a moment."))
        return redirect(
            "certificates:list" if request.user.has_perm("certificates.issue_certificate") else "cases:mine"
        )
    return FileResponse(
        source, content_type="application/pdf", filename=f"{certificate.registration_number}.pdf"
    )


def certificate_for_lsp(request, pk: int) -> Certificate:
    queryset = Certificate.objects.select_related("case__asesi", "issued_by")
    return get_object_for_user(request.user, queryset, "certificates.issue_certificate", pk=pk)


@login_required
def certificate_detail(request, pk: int):
    certificate = certificate_for_lsp(request, pk)
    context = {
        "certificate": certificate,
        "public_status": selectors.public_status(certificate),
        "events": audit_events_for(certificate),
        "logs": certificate.surveillance_logs.all(),
        "overdue_since": surveillance.overdue_since(certificate),
        "actions": [
            (name, transition.target)
            for name, transition in lifecycle.BY_NAME.items()
            if certificate.status in transition.sources
        ],
    }
    return render(request, "certificates/certificate_detail.html", context)


@login_required
@require_POST
def certificate_status(request, pk: int):
    certificate = certificate_for_lsp(request, pk)
    run_service(
        request,
        _("The certificate's status is changed."),
        lambda: lifecycle.certificate_change_status(
            actor=request.user,
            certificate=certificate,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        ),
    )
    return redirect("certificates:detail", pk=certificate.pk)


@login_required
@require_POST
def certificate_blanko(request, pk: int):
    certificate = certificate_for_lsp(request, pk)
    run_service(
        request,
        _("The blanko number is recorded."),
        lambda: lifecycle.certificate_blanko_set(
            actor=request.user, certificate=certificate, blanko_number=request.POST.get("blanko_number", "")
        ),
    )
    return redirect("certificates:detail", pk=certificate.pk)


def certificate_for_holder(request, pk: int) -> Certificate:
    queryset = Certificate.objects.select_related("case")
    return get_object_for_user(request.user, queryset, "certificates.hold_certificate", pk=pk)


@login_required
@require_POST
def recertification(request, pk: int):
    certificate = certificate_for_holder(request, pk)
    try:
        case = lifecycle.recertification_open(actor=request.user, certificate=certificate)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", pk=certificate.case_id)
    messages.success(request, _("Your application for recertification is opened; upload the documents."))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def logbook_submit(request, pk: int):
    certificate = certificate_for_holder(request, pk)
    upload = request.FILES.get("file")

    def submit():
        if upload is None:
            raise DomainError(_("Choose the logbook file (PDF, JPG or PNG)."))
        surveillance.logbook_submit(
            actor=request.user,
            certificate=certificate,
            name=upload.name,
            data=upload.read(max_upload_bytes() + 1),  # one byte more shows the file is too large
            note=request.POST.get("note", ""),
        )

    run_service(request, _("Your logbook is uploaded; the LSP will review it."), submit)
    return redirect("cases:detail", pk=certificate.case_id)


@login_required
@require_POST
def logbook_review(request, log_pk: int):
    log = get_object_for_user(
        request.user,
        SurveillanceLog.objects.select_related("certificate"),
        "certificates.issue_certificate",
        pk=log_pk,
    )
    run_service(
        request,
        _("The logbook review is recorded."),
        lambda: surveillance.logbook_review(
            actor=request.user,
            log=log,
            accepted=request.POST.get("outcome") == "accept",
            note=request.POST.get("note", ""),
        ),
    )
    return redirect("certificates:detail", pk=log.certificate_id)


@login_required
def logbook_file(request, log_pk: int):
    log = get_object_for_user(
        request.user,
        SurveillanceLog.objects.select_related("certificate__case"),
        "certificates.view_certificate",
        pk=log_pk,
    )
    from kompeten.cases.filecheck import evidence_response

    return evidence_response(log.file.open("rb"), content_type=log.content_type, name=log.original_name)


# --- certificates issued before Kompeten ------------------------------------------------------------------


@login_required
def legacy_template(request):
    """The Excel template of the import: the header row and one example row."""
    if not request.user.has_perm("certificates.issue_certificate"):
        raise PermissionDenied
    return workbooks.xlsx_response(legacy_import.template_workbook(), "templat-impor-sertifikat.xlsx")


@login_required
def legacy_import_page(request):
    """Upload the register of certificates the LSP issued before Kompeten; the worker reads it in the
    background (see core.import_jobs) and all rows or none are imported."""
    if not request.user.has_perm("certificates.issue_certificate"):
        raise PermissionDenied
    if request.method == "POST":
        started = workbook_import_start(
            request, kind=WorkbookImportKind.LEGACY_CERTIFICATES, max_mb=settings.KOMPETEN_IMPORT_MAX_MB
        )
        if started is not None:
            return started
    context = {
        "max_rows": legacy_import.MAX_ROWS,
        "max_mb": settings.KOMPETEN_IMPORT_MAX_MB,
        "jobs": WorkbookImport.objects.filter(kind=WorkbookImportKind.LEGACY_CERTIFICATES)[:10],
    }
    return render(request, "certificates/legacy_import.html", context)


# --- public verification --------------------------------------------------------------------------------


def verification_limited(request) -> bool:
    """Public verification (page, lookup, API, credential check) is over its rate for this address."""
    return not ratelimit.allowed(request, scope="verify", per_minute=settings.KOMPETEN_VERIFY_RATE_LIMIT)


TOO_MANY = gettext_lazy("Too many verification requests from your address; wait a minute and try again.")


def verify(request, token: str):
    if verification_limited(request):
        return render(request, "certificates/verify.html", {"limited": TOO_MANY}, status=429)
    certificate = selectors.certificate_by_token(token)
    if certificate is None:
        return render(request, "certificates/verify.html", {"found": False}, status=404)
    facts = selectors.public_facts(certificate)
    return render(
        request,
        "certificates/verify.html",
        {"found": True, "facts": facts, "status_label": CertificateStatus(facts["status"]).label},
    )


def verify_lookup(request):
    """Find a certificate by its number and the holder's name, both as printed; either wrong is "not found"."""
    number, name = request.GET.get("number", "").strip(), request.GET.get("name", "")
    if not number and not name:
        return render(request, "certificates/verify.html", {"lookup": True})
    if verification_limited(request):
        return render(request, "certificates/verify.html", {"limited": TOO_MANY}, status=429)
    certificate = selectors.certificate_by_number_and_name(number, name)
    if certificate is None:
        return render(request, "certificates/verify.html", {"lookup": True, "found": False}, status=404)
    return redirect("certificates:verify", token=certificate.token)


def verify_api(request, token: str):
    if verification_limited(request):
        return JsonResponse({"found": False, "error": str(TOO_MANY)}, status=429)
    certificate = selectors.certificate_by_token(token)
    if certificate is None:
        return JsonResponse(
            {"found": False, "error": str(_("No certificate matches this verification code."))}, status=404
        )
    return JsonResponse({"found": True, **selectors.public_facts(certificate)})
