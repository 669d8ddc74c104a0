import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.KOMPETEN_SIGNUP_OPEN


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The authenticator app's QR code, drawn by segno (which also draws the certificates' QR codes)."""
        return segno.make(url, error="m").svg_inline(scale=4, border=2)
