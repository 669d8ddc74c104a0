"""Open Badges 3.0: the issuer profile and JWKS (public, stable URLs), a certificate's credential for its
holder or the LSP, and a page where anyone checks a credential against the LSP's keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from kompeten.certificates import credentials, selectors
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.certificates.views import TOO_MANY, verification_limited
from kompeten.core.access import get_object_for_user
from kompeten.core.errors import DomainError

PUBLIC_CACHE = "public, max-age=300"
MAX_TOKEN_CHARS = 20_000


def _public_json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = PUBLIC_CACHE
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from anywhere
    return response


def issuer(request):
    return _public_json(credentials.issuer_profile())


def jwks(request):
    return _public_json(credentials.jwks())


@login_required
def credential_download(request, pk: int):
    certificate = get_object_for_user(
        request.user, Certificate.objects.select_related("case"), "certificates.view_certificate", pk=pk
    )
    try:
        token = credentials.credential_jwt(actor=request.user, certificate=certificate)
    except DomainError as error:
        messages.error(request, error.message)
        if certificate.case_id and request.user.has_perm("certificates.hold_certificate", certificate):
            return redirect("cases:detail", pk=certificate.case_id)
        return redirect("certificates:detail", pk=certificate.pk)
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{certificate.registration_number}.jwt"
    )
    return response


def credential_check(request):
    """Paste a credential (VC-JWT): is it this LSP's, unaltered, and what is the certificate's status now?"""
    context = {}
    if request.method == "POST":
        token = request.POST.get("credential", "").strip()
        if verification_limited(request):
            return render(request, "certificates/credential_check.html", {"problem": TOO_MANY}, status=429)
        if not token or len(token) > MAX_TOKEN_CHARS:
            context["problem"] = _("Paste the whole credential (the text of the .jwt file).")
        else:
            try:
                certificate = credentials.credential_verify(token)
            except DomainError as error:
                context["problem"] = error.message
            else:
                facts = selectors.public_facts(certificate)
                context.update(facts=facts, status_label=CertificateStatus(facts["status"]).label)
    return render(
        request, "certificates/credential_check.html", context, status=400 if "problem" in context else 200
    )
