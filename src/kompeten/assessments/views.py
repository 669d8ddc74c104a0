from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.accounts.models import User
from kompeten.assessments import conduct, printing, review, services
from kompeten.assessments import question_bank as question_bank_io
from kompeten.assessments.forms import MasterAssessorForm, ParticipantAddForm, SessionForm
from kompeten.assessments.models import AssessmentSession, Participant, Question, ValidationPeriod
from kompeten.cases.selectors import scheme_outline
from kompeten.core.access import get_object_for_user
from kompeten.core.audit import audit_events_for
from kompeten.core.counts import count_per_row
from kompeten.core.errors import DomainError
from kompeten.core.forms import first_error
from kompeten.core.import_jobs import WorkbookImportKind
from kompeten.core.import_views import workbook_import_start
from kompeten.core.web import run_service
from kompeten.documents.render import form_html, html_to_pdf, pdf_response
from kompeten.schemes.models import Scheme

QUESTION_BANK_MAX_MB = 5  # an Excel file of questions


def session_for_user(request, pk: int, perm: str = "assessments.view_assessmentsession") -> AssessmentSession:
    queryset = AssessmentSession.objects.select_related("scheme", "tuk", "plan")
    return get_object_for_user(request.user, queryset, perm, pk=pk)


def visible_sessions(user):
    sessions = AssessmentSession.objects.select_related("scheme", "tuk").annotate(
        n=count_per_row(Participant.objects.all(), "session")
    )
    if user.has_perm("assessments.change_assessmentsession"):
        return sessions
    return sessions.filter(
        Q(assessors__asesor=user) | Q(master_assessor=user) | Q(tuk__admins=user)
    ).distinct()


@login_required
def session_list(request):
    if not (request.user.has_perm("assessments.list_assessmentsession") or request.user.tuks.exists()):
        raise PermissionDenied
    form = None
    if request.user.has_perm("assessments.add_assessmentsession"):
        form = SessionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            starts_at, ends_at = form.times()
            try:
                session = services.session_create(
                    actor=request.user,
                    scheme=form.cleaned_data["scheme"],
                    tuk=form.cleaned_data["tuk"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    quota=form.cleaned_data["quota"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("assessments:session", pk=session.pk)
    sessions = visible_sessions(request.user).order_by("-starts_at")[:100]
    return render(request, "assessments/session_list.html", {"sessions": sessions, "form": form})


@login_required
def session_detail(request, pk: int):
    session = session_for_user(request, pk)
    if not request.user.has_perm("assessments.view_session_results", session):
        return session_logistics(request, session)
    participants = list(
        session.participants.select_related("case__asesi", "asesor").order_by("case__asesi__full_name")
    )
    can_manage = request.user.has_perm("assessments.change_assessmentsession", session)
    assignment = session.assessors.filter(asesor=request.user).first()
    context = {
        "session": session,
        "participants": [
            p for p in participants if can_manage or p.asesor_id == request.user.pk or not assignment
        ],
        "assessors": session.assessors.select_related("asesor__assessor_profile"),
        "can_manage": can_manage,
        "assignment": assignment,
        "eligible": services.eligible_cases(session) if can_manage else [],
        "asesors": User.objects.filter(assessor_profile__schemes__code=session.scheme.code).distinct()
        if can_manage
        else [],
        "events": audit_events_for(session) if can_manage else [],
        "recorded": session.participants.filter(record__isnull=False).count(),
        "printed": session.participants.filter(record__isnull=False).exclude(record__pdf="").count(),
        "is_master": session.master_assessor_id == request.user.pk,
        "master_form": MasterAssessorForm(session=session)
        if request.user.has_perm("assessments.designate_master_assessor", session)
        else None,
        **review_context(session),
    }
    return render(request, "assessments/session_detail.html", context)


def session_logistics(request, session: AssessmentSession):
    """What the TUK's admin sees of a session: time, place, assessors and who attended, never a result."""
    participants = session.participants.select_related("case__asesi", "consent").order_by(
        "case__asesi__full_name"
    )
    context = {
        "session": session,
        "assessors": session.assessors.select_related("asesor__assessor_profile"),
        "attendance": [
            (p, getattr(p, "consent", None) is not None and p.consent.asesi_confirmed_at is not None)
            for p in participants
        ],
    }
    return render(request, "assessments/session_logistics.html", context)


def review_context(session) -> dict:
    """What FR.AK.06 and FR.VA show and ask: principles per stage, dimensions, and the rules of evidence and principles per aspect."""
    return {
        "stages": review.STAGES,
        "principles": review.PRINCIPLES,
        "dimensions": review.DIMENSIONS,
        "evidence_rules": review.EVIDENCE_RULES,
        "aspects": list(enumerate(review.VALIDATION_ASPECTS, 1)),
        "periods": ValidationPeriod.choices,
        "process_reviews": session.process_reviews.select_related("reviewer"),
        "validations": session.validations.select_related("lead").prefetch_related("cosigns__asesor"),
    }


@login_required
@require_POST
def process_review(request, pk: int):
    """FR.AK.06, signed by an assessor of the session."""
    session = session_for_user(request, pk)
    post = request.POST
    run_service(
        request,
        _("FR.AK.06 is signed."),
        lambda: review.process_review_sign(
            actor=request.user,
            session=session,
            ratings={stage: post.getlist(f"rating-{stage}") for stage, _label in review.STAGES},
            dimensions=post.getlist("dimensions"),
            consistency=post.get("consistency", ""),
            recommendations=post.get("recommendations", ""),
        ),
    )
    return redirect("assessments:session", pk=session.pk)


@login_required
@require_POST
def validation(request, pk: int):
    """FR.VA, signed by a licensed lead assessor."""
    session = session_for_user(request, pk)
    post = request.POST
    run_service(
        request,
        _("FR.VA is signed."),
        lambda: review.validation_sign(
            actor=request.user,
            session=session,
            period=post.get("period", ""),
            aspects={
                str(n): post.getlist(f"aspect-{n}") for n in range(1, len(review.VALIDATION_ASPECTS) + 1)
            },
            findings=post.get("findings", ""),
            **{name: post.get(name, "") for name in review.VALIDATION_TEXTS},
        ),
    )
    return redirect("assessments:session", pk=session.pk)


@login_required
@require_POST
def master_designate(request, pk: int):
    """The Admin LSP designates the master assessor who leads the session's FR.VA."""
    session = session_for_user(request, pk, "assessments.designate_master_assessor")
    form = MasterAssessorForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("assessments:session", pk=session.pk)
    run_service(
        request,
        _("The master assessor is designated."),
        lambda: review.session_master_designate(
            actor=request.user, session=session, asesor=form.cleaned_data["asesor"]
        ),
    )
    return redirect("assessments:session", pk=session.pk)


@login_required
@require_POST
def validation_cosign(request, pk: int, validation_pk: int):
    """An assessor of the session co-signs the FR.VA its master assessor led."""
    session = session_for_user(request, pk, "assessments.view_session_results")
    validation = get_object_or_404(session.validations, pk=validation_pk)
    run_service(
        request,
        _("You co-signed FR.VA."),
        lambda: review.validation_cosign(actor=request.user, validation=validation),
    )
    return redirect("assessments:session", pk=session.pk)


SESSION_FORMS = {"fr-ak-06": "documents/fr_ak_06.html", "fr-va": "documents/fr_va.html"}


@login_required
def session_form_pdf(request, pk: int, form: str):
    """FR.AK.06 or FR.VA of a session, every signed one in the file: results, for those who see them."""
    session = session_for_user(request, pk, "assessments.view_session_results")
    if form not in SESSION_FORMS:
        raise Http404
    html = form_html(SESSION_FORMS[form], {"session": session, **review_context(session)})
    return pdf_response(html_to_pdf(html), f"{form.upper()}-{session.reference}.pdf")


@login_required
@require_POST
def participant_add(request, pk: int):
    session = session_for_user(request, pk, "assessments.change_assessmentsession")
    form = ParticipantAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("assessments:session", pk=session.pk)
    case = form.cleaned_data["case"]
    try:
        services.session_add_participant(
            actor=request.user,
            session=session,
            case=case,
            asesor=form.cleaned_data["asesor"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(candidate)s is scheduled.") % {"candidate": case.asesi})
    return redirect("assessments:session", pk=session.pk)


@login_required
@require_POST
def assessor_declare(request, pk: int):
    session = session_for_user(request, pk)
    run_service(
        request,
        _("Your declaration is recorded."),
        lambda: services.assessor_declare(actor=request.user, session=session),
    )
    return redirect("assessments:session", pk=session.pk)


@login_required
def assignment_letter(request, pk: int):
    """Surat tugas: the LSP assigns the session's assessors."""
    session = session_for_user(request, pk)
    assessors = session.assessors.select_related("asesor__assessor_profile")
    participants = session.participants.select_related("case__asesi", "asesor").order_by(
        "asesor_id", "case__asesi__full_name"
    )
    html = form_html(
        "documents/surat_tugas.html",
        {"session": session, "assessors": assessors, "participants": participants},
    )
    return pdf_response(html_to_pdf(html), f"surat-tugas-{session.reference}.pdf")


@login_required
def question_bank(request, scheme_pk: int):
    """A scheme's FR.IA.05 question bank: counts per unit, Excel upload and download."""
    if not request.user.has_perm("assessments.change_assessmentsession"):
        raise PermissionDenied
    scheme = get_object_for_user(
        request.user, Scheme.objects.all(), "schemes.read_scheme", conceal=True, pk=scheme_pk
    )
    if request.method == "POST":
        started = workbook_import_start(
            request, kind=WorkbookImportKind.QUESTION_BANK, max_mb=QUESTION_BANK_MAX_MB, scheme=scheme
        )
        return started or redirect("assessments:question_bank", scheme_pk=scheme.pk)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            question_bank_io.export_workbook(scheme),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="bank-soal-{scheme.pk}.xlsx"'
        return response
    counts = (
        Question.objects.filter(unit__schemes=scheme, active=True)
        .values("unit__code", "unit__title")
        .annotate(n=Count("id"))
        .order_by("unit__code")
    )
    return render(request, "assessments/question_bank.html", {"scheme": scheme, "counts": counts})


@login_required
@require_POST
def session_report(request, pk: int):
    session = session_for_user(request, pk)
    run_service(
        request,
        _("FR.AK.05 is signed."),
        lambda: conduct.session_report_sign(
            actor=request.user,
            session=session,
            positives=request.POST.get("positives", "")[:4000],
            negatives=request.POST.get("negatives", "")[:4000],
            refusals=request.POST.get("refusals", "")[:4000],
            suggestions=request.POST.get("suggestions", "")[:4000],
        ),
    )
    return redirect("assessments:session", pk=session.pk)


@login_required
def session_report_pdf(request, pk: int):
    """FR.AK.05: the session's results and the assessors' reports, for those who see results."""
    session = session_for_user(request, pk, "assessments.view_session_results")
    participants = session.participants.select_related("case__asesi", "asesor", "record").order_by(
        "case__asesi__full_name"
    )
    reports = session.reports.select_related("asesor")
    units = scheme_outline(session.scheme)
    rows = []
    for p in participants:
        record = getattr(p, "record", None)
        not_sufficient = [u for u in units if record and not record.sufficient.get(str(u.pk), True)]
        rows.append({"participant": p, "record": record, "bk_units": not_sufficient})
    html = form_html(
        "documents/fr_ak_05.html", {"session": session, "rows": rows, "reports": reports, "units": units}
    )
    return pdf_response(html_to_pdf(html), f"FR.AK.05-{session.reference}.pdf")


@login_required
@require_POST
def session_print(request, pk: int):
    """Render every FR.AK.02 of the session to PDF in the background."""
    session = session_for_user(request, pk, "assessments.change_assessmentsession")
    try:
        count = printing.session_print_ak02(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(n)s FR.AK.02 forms are being rendered in the background.") % {"n": count}
        )
    return redirect("assessments:session", pk=session.pk)
