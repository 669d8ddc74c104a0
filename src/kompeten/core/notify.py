"""Telling people what concerns them: in the app and by e-mail (sent once the transaction commits)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.text import Truncator

from kompeten.core.models import Notification


def notify(user, text: str, link: str = "") -> Notification:
    notification = Notification.objects.create(user=user, text=str(text)[:500], link=link)
    url = f"{settings.SITE_URL.rstrip('/')}{link}" if link else settings.SITE_URL

    def send() -> None:
        send_mail(
            subject=f"[Kompeten] {Truncator(str(text)).chars(80)}",
            message=f"{text}\n\n{url}",
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )

    transaction.on_commit(send)
    return notification
