"""Telling people what concerns them: in the app and by e-mail (sent once the transaction commits).

Sending mail never raises into a request: a message that cannot be built or delivered (a line break in a
header, the mail server down) is logged and recorded as a ``kompeten.mail.failed`` audit event, which the LSP's
administrators see in the admin's audit log, with the recipient and the subject, so that nothing is lost unseen.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kompeten.core.models import Notification

logger = logging.getLogger(__name__)

# What ends a line for str.splitlines, and so for a mail header: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK_REFUSED = _("Write this on one line (no line breaks).")
MAIL_FAILED = "kompeten.mail.failed"


def has_line_break(value) -> bool:
    return any(char in LINE_BREAKS for char in str(value))


def no_line_breaks(value) -> None:
    """Validator for every form field whose value may reach a mail header (names, subjects, addresses)."""
    if has_line_break(value):
        raise ValidationError(LINE_BREAK_REFUSED, code="line_break")


def one_line(value) -> str:
    """A header value on one line: every run of whitespace, line breaks included, becomes one space."""
    return " ".join(str(value).split())


def mail_send(*, subject, message: str, recipients: list[str], obj=None) -> bool:
    """Send one mail now; whether it went. A failure is logged and recorded, never raised."""
    subject = one_line(subject)
    recipients = [address for address in recipients if address]  # nobody to write to is not a failure
    if not recipients:
        return False
    usable = []
    for address in recipients:
        try:
            validate_email(address)
        except ValidationError:
            continue
        if not has_line_break(address):
            usable.append(address)
    error = "" if usable else "no valid recipient"
    if usable:
        try:
            send_mail(
                subject=subject, message=message, from_email=None, recipient_list=usable, fail_silently=False
            )
        except Exception as exc:  # any backend's failure: SMTP down, refused, a header it cannot build
            error = f"{type(exc).__name__}: {exc}"[:500]
    if not error:
        return True
    mail_failure_record(recipients=recipients, subject=subject, error=error, obj=obj)
    return False


def mail_failure_record(*, recipients: list[str], subject, error: str, obj=None) -> None:
    """Log a mail that was not sent and keep it as an audit event the LSP's administrators see."""
    subject = one_line(subject)
    logger.warning("mail to %s not sent (%s): %s", recipients, subject, error)
    try:
        from kompeten.core.audit import audit_log

        audit_log(
            actor=None,
            code=MAIL_FAILED,
            obj=obj,
            data={
                "to": [str(address)[:254] for address in recipients],
                "subject": subject[:200],
                "error": error,
            },
        )
    except Exception:  # the database itself failing: the log line above is what is left
        logger.exception("could not record the failed mail")


def mail_send_on_commit(*, subject, message: str, recipients: list[str], obj=None) -> None:
    """Send once the current transaction commits (nothing is sent for work that was rolled back)."""
    transaction.on_commit(
        lambda: mail_send(subject=subject, message=message, recipients=recipients, obj=obj), robust=True
    )


def notify(user, text: str, link: str = "") -> Notification:
    notification = Notification.objects.create(user=user, text=str(text)[:500], link=link)
    url = f"{settings.SITE_URL.rstrip('/')}{link}" if link else settings.SITE_URL
    mail_send_on_commit(
        subject=f"[Kompeten] {Truncator(one_line(text)).chars(80)}",
        message=f"{text}\n\n{url}",
        recipients=[user.email],
        obj=user,
    )
    return notification
