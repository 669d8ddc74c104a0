from django.contrib.auth.decorators import login_required

from kompeten.cases.models import Purpose, SignatureStep
from kompeten.cases.selectors import apl02_page, case_page
from kompeten.cases.views import case_for_user
from kompeten.documents.render import form_html, html_to_pdf, pdf_response


def _by_step(signatures: list[dict]) -> dict:
    return {row["signature"].step: row for row in signatures}


def fr_apl_01_context(case, user) -> dict:
    context = case_page(case, user)
    steps = _by_step(context["signatures"])
    profile = case.asesi.applicant_profile
    return {
        **context,
        "profile": profile,
        "full_identity": user.has_perm("accounts.view_full_identity", profile),
        "purposes": Purpose.choices,
        "declaration": steps.get(SignatureStep.DECLARATION, {}),
        "verification": steps.get(SignatureStep.VERIFICATION, {}),
    }


def fr_apl_02_context(case, user) -> dict:
    context = apl02_page(case, user)
    steps = _by_step(context["signatures"])
    return {
        **context,
        "self_assessment": steps.get(SignatureStep.SELF_ASSESSMENT, {}),
        "recommendation": steps.get(SignatureStep.RECOMMENDATION, {}),
    }


@login_required
def fr_apl_01(request, pk: int):
    case = case_for_user(request, pk)
    html = form_html("documents/fr_apl_01.html", fr_apl_01_context(case, request.user))
    return pdf_response(html_to_pdf(html), f"FR.APL.01-{case.reference}.pdf")


@login_required
def fr_apl_02(request, pk: int):
    case = case_for_user(request, pk)
    html = form_html("documents/fr_apl_02.html", fr_apl_02_context(case, request.user))
    return pdf_response(html_to_pdf(html), f"FR.APL.02-{case.reference}.pdf")
