from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompeten.accounts import services
from kompeten.accounts.forms import ApplicantProfileForm, DataCorrectionForm, NextPageForm
from kompeten.accounts.models import ApplicantProfile, Role
from kompeten.core.errors import DomainError


def admin_login(request):
    """Django's own admin sign-in is not used: every sign-in goes through Kompeten's (allauth), with its rate
    limit and the second factor. GET or POST, the browser is sent there, keeping where it wanted to go."""
    form = NextPageForm(request.GET)
    return redirect_to_login(form.next_page(request, reverse("admin:index")), reverse("account_login"))


@login_required
def dashboard(request):
    """After login: the dashboard of the user's first role (the others are one click away)."""
    roles = request.user.roles
    if not roles:
        return render(request, "accounts/no_role.html")
    return redirect("accounts:role_dashboard", role_slug=roles[0].slug)


@login_required
def applicant_profile(request):
    """A candidate's own FR.APL.01 part 1 data."""
    if not request.user.has_role(Role.ASESI):
        raise PermissionDenied
    profile = ApplicantProfile.objects.filter(user=request.user).first() or ApplicantProfile(
        user=request.user
    )
    form = ApplicantProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.applicant_profile_update(
                actor=request.user,
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                nik=form.cleaned_data.get("nik") or "",
                passport_number=form.cleaned_data.get("passport_number") or "",
                **fields,
            )
        except DomainError as error:
            form.add_error("nik", error.message)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:applicant_profile")
    return render(
        request,
        "accounts/applicant_profile.html",
        {"form": form, "profile": profile, "correction_form": DataCorrectionForm()},
    )


@login_required
@require_POST
def correction_request(request):
    """Anyone signed in asks the LSP to correct their data; the LSP is told."""
    form = DataCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what is wrong and what it should be."))
    else:
        services.personal_data_correction_request(actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your request is sent to the LSP, which will contact you."))
    return redirect(
        "accounts:applicant_profile" if request.user.has_role(Role.ASESI) else "accounts:dashboard"
    )
