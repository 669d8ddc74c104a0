"""Staff sign in with a second factor: without an authenticator app (TOTP) set up, a staff user is sent to
set one up before anything else (``KOMPETEN_STAFF_TOTP``)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What a staff user without TOTP may still open: the account pages (setting it up, signing out) and files.
OPEN_PREFIXES = ("/akun/", "/static/", "/i18n/")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KOMPETEN_STAFF_TOTP
            and not request.path.startswith(OPEN_PREFIXES)
            and request.user.is_authenticated
            and request.user.works_for_the_lsp
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Staff sign in with two-factor authentication: set up your authenticator app first."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
