import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from kompeten.core.notify import mail_failure_record


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.KOMPETEN_SIGNUP_OPEN

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (address confirmation, password reset) never raise into the request: a failure is
        logged and recorded like every other mail Kompeten sends."""
        try:
            super().send_mail(template_prefix, email, context)
        except Exception as exc:
            mail_failure_record(
                recipients=[email], subject=template_prefix, error=f"{type(exc).__name__}: {exc}"[:500]
            )


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The authenticator app's QR code, drawn by segno (which also draws the certificates' QR codes)."""
        return segno.make(url, error="m").svg_inline(scale=4, border=2)
