"""Staff sign in with a second factor: without an authenticator app (TOTP) set up, a staff user is sent to
set one up before anything else (``KOMPETEN_STAFF_TOTP``)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What a staff user without TOTP may still open: the account pages (setting it up, signing out) and files.
OPEN_PREFIXES = ("/akun/", "/static/", "/i18n/")
# Set in the session once the user's TOTP is found, so that the check costs no query on every page.
HAS_TOTP = "kompeten_has_totp"


def has_totp(request) -> bool:
    if not request.session.get(HAS_TOTP):
        found = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        request.session[HAS_TOTP] = found
    return request.session[HAS_TOTP]


@receiver(authenticator_removed)
def forget_totp(sender, request, user, authenticator, **kwargs):
    """Removing one's authenticator app makes the next page ask for a new one."""
    request.session.pop(HAS_TOTP, None)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KOMPETEN_STAFF_TOTP
            and not request.path.startswith(OPEN_PREFIXES)
            and request.user.is_authenticated
            and request.user.works_for_the_lsp
            and not has_totp(request)
        ):
            messages.warning(
                request,
                _("Staff sign in with two-factor authentication: set up your authenticator app first."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
