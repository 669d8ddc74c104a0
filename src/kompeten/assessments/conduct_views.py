"""The assessor's and the candidate's pages for running one participant's assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kompeten.assessments import conduct, third_party
from kompeten.assessments.forms import (
    CHOOSE_OPTION,
    AdjustmentForm,
    ConsentForm,
    InstrumentFieldForm,
    TestAnswerForm,
    TestOpenForm,
)
from kompeten.assessments.models import (
    EvidenceMethod,
    InstrumentKind,
    InstrumentRecord,
    Participant,
    Question,
    Recommendation,
    TestAttempt,
)
from kompeten.assessments.planning import CANDIDATE_POTENTIALS
from kompeten.cases.selectors import outline_kuk, scheme_outline
from kompeten.core.errors import DomainError
from kompeten.core.formdata import numbered_rows
from kompeten.core.forms import first_error
from kompeten.core.web import run_service

ORAL_QUESTIONS = 5


def participant_for_user(request, pk: int) -> tuple[Participant, str]:
    """The participant and who the user is to it: ``"asesor"``, ``"asesi"`` or ``"lsp"``."""
    # get(), not filter().first(): first() would sort by the model's ordering (the candidate's name, a join)
    # for the one row a primary key can match, and compiling that ordering is most of the query's cost.
    try:
        participant = Participant.objects.select_related(
            "case__asesi", "case__scheme", "session__scheme", "session__tuk", "asesor"
        ).get(pk=pk)
    except Participant.DoesNotExist:
        raise Http404 from None
    if participant.asesor_id == request.user.pk:
        return participant, "asesor"
    if participant.case.asesi_id == request.user.pk:
        return participant, "asesi"
    if request.user.has_perm("assessments.change_assessmentsession"):
        return participant, "lsp"
    raise PermissionDenied


def _confirmation_view(service, success):
    """A POST by which the candidate (or the assessor) confirms one thing of the assessment, then back to
    the participant's page; the service checks who may confirm what."""

    @login_required
    @require_POST
    def view(request, pk: int, **kwargs):
        participant, _role = participant_for_user(request, pk)
        run_service(request, success, lambda: service(actor=request.user, participant=participant, **kwargs))
        return redirect("assessments:participant", pk=pk)

    return view


@login_required
def participant_page(request, pk: int):
    participant, role = participant_for_user(request, pk)
    records = {record.kind: record for record in participant.instruments.all()}
    adjustment = getattr(participant, "adjustment", None)
    context = {
        "participant": participant,
        "case": participant.case,
        "role": role,
        "consent": getattr(participant, "consent", None),
        "statements": conduct.STATEMENTS,
        "methods": EvidenceMethod.choices,
        "instruments": [(kind, label, records.get(kind)) for kind, label in InstrumentKind.choices],
        "test": getattr(participant, "test", None),
        "record": getattr(participant, "record", None),
        "units": scheme_outline(participant.session.scheme),
        "draft": conduct.record_draft(participant),
        "recommendations": Recommendation.choices,
        "feedback_items": conduct.FEEDBACK_ITEMS,
        "adjustment": adjustment,
        "adjustment_items": numbered_rows(conduct.ADJUSTMENT_ITEMS, adjustment and adjustment.answers),
        "can_adjust": participant.case.status in conduct.ADJUSTABLE,
        "potentials": list(enumerate(CANDIDATE_POTENTIALS, 1)),
    }
    return render(request, "assessments/participant.html", context)


@login_required
@require_POST
def adjustment_record(request, pk: int):
    participant, _role = participant_for_user(request, pk)
    form = AdjustmentForm(request.POST, items=len(conduct.ADJUSTMENT_ITEMS))
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("assessments:participant", pk=pk)
    run_service(
        request,
        _("FR.AK.07 is recorded; the candidate is asked to agree."),
        lambda: conduct.adjustment_record(
            actor=request.user,
            participant=participant,
            potential=form.cleaned_data["potential"] or 0,
            answers=form.answers(),
            agreed=form.cleaned_data["agreed"],
        ),
    )
    return redirect("assessments:participant", pk=pk)


@login_required
@require_POST
def consent_propose(request, pk: int):
    participant, _role = participant_for_user(request, pk)
    form = ConsentForm(request.POST, zone=participant.session.tuk.zone)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("assessments:participant", pk=pk)
    run_service(
        request,
        _("FR.AK.01 is set out; the candidate is asked to agree."),
        lambda: conduct.consent_propose(
            actor=request.user,
            participant=participant,
            methods=form.cleaned_data["methods"],
            agreed_time=form.cleaned_data["agreed_time"] or participant.session.starts_at,
            agreed_place=form.cleaned_data["agreed_place"],
        ),
    )
    return redirect("assessments:participant", pk=pk)


@login_required
def instrument_page(request, pk: int, kind: str):
    participant, role = participant_for_user(request, pk)
    if kind not in InstrumentKind.values:
        raise Http404
    try:  # at most one per participant and kind
        record = InstrumentRecord.objects.get(participant=participant, kind=kind)
    except InstrumentRecord.DoesNotExist:
        record = None
    context = {
        "participant": participant,
        "role": role,
        "kind": kind,
        "label": InstrumentKind(kind).label,
        "record": record,
        "fields": (record.fields if record else {}),
        "units": scheme_outline(participant.session.scheme) if kind not in ("IA.08", "IA.11") else [],
        "questions": range(1, ORAL_QUESTIONS + 1) if kind not in ("IA.01", "IA.08", "IA.11") else [],
        "documents": participant.case.evidence.filter(superseded=False) if kind == "IA.08" else [],
        "checks": conduct.PORTFOLIO_CHECKS,
        "review_items": list(enumerate(conduct.MATERIAL_REVIEW_ITEMS, 1)) if kind == "IA.11" else [],
        "brief": conduct.BRIEF_FIELDS.get(kind, []),
        "pdf_form": pdf_form if (pdf_form := "fr-" + kind.lower().replace(".", "-")) in FORMS else "",
        "editable": role == "asesor" and not (record and record.asesor_confirmed_at),
        "recommendations": Recommendation.choices,
    }
    return render(request, "assessments/instrument.html", context)


@login_required
@require_POST
def instrument_save(request, pk: int, kind: str):
    """Autosave of one field (JSON): the field's new version, or 409 with what the field reads now."""
    participant, role = participant_for_user(request, pk)
    if role != "asesor":
        raise PermissionDenied
    form = InstrumentFieldForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": str(first_error(form))}, status=400)
    key = form.cleaned_data["key"]
    try:
        new_version = conduct.instrument_field_save(
            actor=request.user,
            participant=participant,
            kind=kind,
            key=key,
            value=form.cleaned_data["value"],
            version=form.cleaned_data["version"],
        )
    except ValueError:
        return JsonResponse({"ok": False, "error": _("Unknown field.")}, status=400)
    except conduct.StaleField as error:
        record = InstrumentRecord.objects.get(participant=participant, kind=kind)
        return JsonResponse(
            {
                "ok": False,
                "error": str(error.message),
                "v": record.version(key),
                "value": record.value(key, ""),
            },
            status=409,
        )
    except DomainError as error:
        return JsonResponse({"ok": False, "error": str(error.message)}, status=400)
    return JsonResponse({"ok": True, "v": new_version})


@login_required
@require_POST
def instrument_conclude(request, pk: int, kind: str):
    participant, _role = participant_for_user(request, pk)
    run_service(
        request,
        _("The instrument is concluded."),
        lambda: conduct.instrument_conclude(
            actor=request.user,
            participant=participant,
            kind=kind,
            recommendation=request.POST.get("recommendation", ""),
            feedback=request.POST.get("feedback", "")[:2000],
        ),
    )
    return redirect("assessments:participant", pk=pk)


@login_required
@require_POST
def test_open(request, pk: int):
    participant, _role = participant_for_user(request, pk)
    form = TestOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("assessments:participant", pk=pk)
    run_service(
        request,
        _("The written test is open for the candidate."),
        lambda: conduct.test_open(actor=request.user, participant=participant, **form.cleaned_data),
    )
    return redirect("assessments:participant", pk=pk)


def _attempt(request, pk: int) -> TestAttempt:
    """A written test, only for the candidate who takes it."""
    attempt = TestAttempt.objects.select_related("participant__case").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    if attempt.participant.case.asesi_id != request.user.pk:
        raise PermissionDenied
    return attempt


@login_required
def test_page(request, pk: int):
    attempt = _attempt(request, pk)
    if attempt.submitted_at is None:
        attempt = conduct.test_start(actor=request.user, attempt=attempt)
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).only("id", "text", "options")
    }
    ordered = [
        (number, questions[qid], attempt.answers.get(str(qid)))
        for number, qid in enumerate(attempt.question_ids, 1)
    ]
    return render(
        request,
        "assessments/test.html",
        {"attempt": attempt, "questions": ordered, "open": attempt.is_open()},
    )


@login_required
@require_POST
def test_answer(request, pk: int):
    attempt = _attempt(request, pk)
    form = TestAnswerForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": str(CHOOSE_OPTION)}, status=400)
    try:
        conduct.test_answer(
            actor=request.user,
            attempt=attempt,
            question_id=form.cleaned_data["question"],
            option=form.cleaned_data["option"],
        )
    except (ValueError, Question.DoesNotExist):
        return JsonResponse({"ok": False, "error": _("Choose one of the options.")}, status=400)
    except DomainError as error:
        return JsonResponse({"ok": False, "error": str(error.message)}, status=409)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def test_submit(request, pk: int):
    attempt = _attempt(request, pk)
    conduct.test_submit(actor=request.user, attempt=attempt)
    messages.success(request, _("Your test is submitted."))
    return redirect("assessments:test", pk=pk)


@login_required
@require_POST
def record_sign(request, pk: int):
    participant, _role = participant_for_user(request, pk)
    units = [str(unit.pk) for unit in scheme_outline(participant.session.scheme)]
    evidence = {unit: request.POST.getlist(f"evidence-{unit}") for unit in units}
    sufficient = {
        unit: request.POST.get(f"sufficient-{unit}") == "yes"
        for unit in units
        if request.POST.get(f"sufficient-{unit}") in ("yes", "no")
    }
    run_service(
        request,
        _("FR.AK.02 is recorded and signed; the candidate is asked to sign."),
        lambda: conduct.record_sign(
            actor=request.user,
            participant=participant,
            evidence=evidence,
            sufficient=sufficient,
            recommendation=request.POST.get("recommendation", ""),
            reason=request.POST.get("reason", "")[:2000],
            follow_up=request.POST.get("follow_up", "")[:2000],
            comments=request.POST.get("comments", "")[:2000],
        ),
    )
    return redirect("assessments:participant", pk=pk)


@login_required
@require_POST
def feedback_submit(request, pk: int):
    participant, _role = participant_for_user(request, pk)
    answers = {}
    for number in range(1, len(conduct.FEEDBACK_ITEMS) + 1):
        value = request.POST.get(f"item-{number}")
        if value in ("yes", "no"):
            answers[str(number)] = {
                "yes": value == "yes",
                "comment": request.POST.get(f"comment-{number}", ""),
            }
    run_service(
        request,
        _("Thank you: your feedback is recorded."),
        lambda: conduct.feedback_submit(
            actor=request.user, participant=participant, answers=answers, note=request.POST.get("note", "")
        ),
    )
    return redirect("assessments:participant", pk=pk)


FORMS = {
    "fr-ak-01": ("documents/fr_ak_01.html", "FR.AK.01"),
    "fr-ia-01": ("documents/fr_ia_01.html", "FR.IA.01"),
    "fr-ak-02": ("documents/fr_ak_02.html", "FR.AK.02"),
    "fr-ak-07": ("documents/fr_ak_07.html", "FR.AK.07"),
    "fr-ia-08": ("documents/fr_ia_08.html", "FR.IA.08"),
    "fr-ia-11": ("documents/fr_ia_11.html", "FR.IA.11"),
    "fr-ia-05": ("documents/fr_ia_05.html", "FR.IA.05"),
    "fr-ia-10": ("documents/fr_ia_10.html", "FR.IA.10"),
    "fr-ak-03": ("documents/fr_ak_03.html", "FR.AK.03"),
}
QUESTION_FORMS = {  # recorded as questions, answers and K/BK, under the brief of a task or project
    "fr-ia-02": ("IA.02", "FR.IA.02. TUGAS PRAKTIK DEMONSTRASI"),
    "fr-ia-03": ("IA.03", "FR.IA.03. PERTANYAAN UNTUK MENDUKUNG OBSERVASI"),
    "fr-ia-04": (
        "IA.04",
        "FR.IA.04. PENJELASAN SINGKAT PROYEK TERKAIT PEKERJAAN / KEGIATAN TERSTRUKTUR LAINNYA",
    ),
    "fr-ia-06": ("IA.06", "FR.IA.06. PERTANYAAN TERTULIS ESAI"),
    "fr-ia-07": ("IA.07", "FR.IA.07. PERTANYAAN LISAN"),
    "fr-ia-09": ("IA.09", "FR.IA.09. PERTANYAAN WAWANCARA"),
}
for _form, (_kind, _title) in QUESTION_FORMS.items():
    FORMS[_form] = ("documents/fr_ia_questions.html", f"FR.{_kind}")


@login_required
def participant_form_pdf(request, pk: int, form: str):
    """One participant's form as the official PDF. The candidate gets what they sign and the instruments the
    assessor concluded, never the written test's key nor the supervisors' answers."""
    from kompeten.documents.render import form_html, html_to_pdf, pdf_response

    participant, role = participant_for_user(request, pk)
    if form not in FORMS:
        raise Http404
    template, code = FORMS[form]
    records = {record.kind: record for record in participant.instruments.all()}
    if role == "asesi" and not _candidate_may_read(form, code, records):
        raise PermissionDenied
    units = scheme_outline(participant.session.scheme)
    adjustment = getattr(participant, "adjustment", None)
    kind = code.removeprefix("FR.")
    context = {
        "participant": participant,
        "case": participant.case,
        "session": participant.session,
        "consent": getattr(participant, "consent", None),
        "statements": conduct.STATEMENTS,
        "methods": EvidenceMethod.choices,
        "ia01": records.get("IA.01"),
        "ia08": records.get("IA.08"),
        "ia11": records.get("IA.11"),
        "documents": participant.case.evidence.filter(superseded=False).select_related("requirement"),
        "checks": conduct.PORTFOLIO_CHECKS,
        "review_items": conduct.MATERIAL_REVIEW_ITEMS,
        "adjustment": adjustment,
        "adjustment_items": numbered_rows(conduct.ADJUSTMENT_ITEMS, adjustment and adjustment.answers),
        "potentials": CANDIDATE_POTENTIALS,
        "record": getattr(participant, "record", None),
        "title": QUESTION_FORMS.get(form, ("", ""))[1],
        "instrument": records.get(kind),
        "brief": conduct.BRIEF_FIELDS.get(kind, []),
        "questions": range(1, ORAL_QUESTIONS + 1),
        "kuk_labels": {
            str(kuk.pk): f"{unit.code or unit.title} · KUK {kuk.number}" for unit, kuk in outline_kuk(units)
        },
        **_pdf_extras(participant, form),
        "units": units,
    }
    return pdf_response(html_to_pdf(form_html(template, context)), f"{code}-{participant.case.reference}.pdf")


CANDIDATE_FORMS = {"fr-ak-01", "fr-ak-07", "fr-ak-02", "fr-ak-03"}
ASSESSOR_ONLY = {"IA.05", "IA.10"}  # the key of a reusable question bank; what the supervisor told the LSP


def _candidate_may_read(form: str, code: str, records: dict) -> bool:
    if form in CANDIDATE_FORMS:
        return True
    kind = code.removeprefix("FR.")
    record = records.get(kind)
    return kind not in ASSESSOR_ONLY and record is not None and record.asesor_confirmed_at is not None


def _pdf_extras(participant: Participant, form: str) -> dict:
    """What only FR.IA.05, FR.IA.10 and FR.AK.03 print: the answer sheet, the supervisors' answers, the feedback."""
    if form == "fr-ia-05":
        attempt = getattr(participant, "test", None)
        questions = Question.objects.in_bulk(attempt.question_ids) if attempt else {}
        letters = "ABCDEFGH"
        sheet = []
        for pk in attempt.question_ids if attempt else []:
            if pk in questions:
                chosen = attempt.answers.get(str(pk))
                sheet.append(
                    {
                        "text": questions[pk].text,
                        "chosen": letters[chosen]
                        if isinstance(chosen, int) and 0 <= chosen < len(letters)
                        else "",
                        "key": letters[questions[pk].answer],
                        "correct": chosen == questions[pk].answer,
                    }
                )
        return {"test": attempt, "sheet": sheet}
    if form == "fr-ia-10":
        return {
            "third_parties": participant.third_party_requests.filter(answered_at__isnull=False),
            "third_party_questions": list(enumerate(third_party.QUESTIONS, 1)),
        }
    if form == "fr-ak-03":
        feedback = getattr(participant, "feedback", None)
        answers = feedback.answers if feedback else {}
        return {
            "feedback": feedback,
            "feedback_rows": numbered_rows(conduct.FEEDBACK_ITEMS, answers),
        }
    return {}


@login_required
@require_POST
def third_party_request(request, pk: int):
    participant, _role = participant_for_user(request, pk)

    run_service(
        request,
        _("The link is sent to the supervisor."),
        lambda: third_party.request_create(
            actor=request.user,
            participant=participant,
            supervisor_name=request.POST.get("name", "")[:200],
            supervisor_email=request.POST.get("email", "")[:254],
            workplace=request.POST.get("workplace", "")[:200],
        ),
    )
    return redirect("assessments:participant", pk=pk)


def third_party_page(request, token: str):
    """FR.IA.10 for the supervisor, no account needed: a clear message when the link is expired or used."""
    from kompeten.assessments.models import ThirdPartyRequest

    try:
        item = third_party.request_for_token(token)
    except ThirdPartyRequest.DoesNotExist:
        raise Http404 from None
    except DomainError as error:
        return render(request, "assessments/third_party.html", {"closed": error.message}, status=410)
    error = None
    if request.method == "POST":
        answers = {
            str(n): request.POST.get(f"q{n}") == "yes"
            for n in range(1, len(third_party.QUESTIONS) + 1)
            if request.POST.get(f"q{n}") in ("yes", "no")
        }
        try:
            third_party.request_answer(
                token=token,
                answers=answers,
                relationship=request.POST.get("relationship", ""),
                duration=request.POST.get("duration", ""),
                qualifications=request.POST.get("qualifications", ""),
                judgement=request.POST.get("judgement", ""),
                training=request.POST.get("training", ""),
            )
        except DomainError as failure:
            error = failure.message
        else:
            return render(request, "assessments/third_party.html", {"closed": third_party.LINK_USED})
    return render(
        request,
        "assessments/third_party.html",
        {"item": item, "questions": third_party.QUESTIONS, "error": error},
    )


consent_confirm = _confirmation_view(conduct.consent_confirm, gettext_lazy("You agreed to FR.AK.01."))
adjustment_confirm = _confirmation_view(conduct.adjustment_confirm, gettext_lazy("You agreed to FR.AK.07."))
instrument_acknowledge = _confirmation_view(conduct.instrument_acknowledge, gettext_lazy("Confirmed."))
record_acknowledge = _confirmation_view(conduct.record_acknowledge, gettext_lazy("You signed FR.AK.02."))
