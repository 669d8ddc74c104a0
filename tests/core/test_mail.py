"""Sending mail never raises into a request; a mail that cannot go is logged and kept as an audit event."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from kompeten.core.audit import describe_event
from kompeten.core.models import AuditEvent, Notification
from kompeten.core.notify import MAIL_FAILED, mail_send, notify
from tests.factories import PASSWORD, UserFactory


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.BrokenBackend"


def test_a_text_with_line_breaks_makes_a_one_line_subject_and_the_mail_goes(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="asesi@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "Permohonan dikembalikan:\r\nBcc: semua@contoh.id\nlengkapi KTP.", "/permohonan/1/")
    (message,) = mail.outbox
    message.message()  # what the SMTP backend builds: no BadHeaderError
    assert message.subject == "[Kompeten] Permohonan dikembalikan: Bcc: semua@contoh.id lengkapi KTP."
    assert message.to == ["asesi@contoh.id"] and not message.bcc
    assert "Bcc: semua@contoh.id\nlengkapi KTP." in message.body  # the body keeps the lines
    assert not AuditEvent.objects.filter(code=MAIL_FAILED).exists()


def test_a_mail_server_that_is_down_is_recorded_not_raised(
    db, mail_server_down, django_capture_on_commit_callbacks
):
    user = UserFactory(email="asesi@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "Sertifikat Anda terbit.")
    assert Notification.objects.filter(user=user, text="Sertifikat Anda terbit.").exists()
    event = AuditEvent.objects.get(code=MAIL_FAILED)
    assert event.data["to"] == ["asesi@contoh.id"]
    assert event.data["subject"] == "[Kompeten] Sertifikat Anda terbit."
    assert event.data["error"] == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert event.object_id == str(user.pk)
    assert describe_event(event) == "Email tidak dapat dikirim"


def test_an_address_with_a_line_break_is_not_sent_to_and_is_recorded(db):
    assert mail_send(subject="Uji", message="Isi", recipients=["a@contoh.id\nBcc: b@contoh.id"]) is False
    assert mail.outbox == []
    assert AuditEvent.objects.get(code=MAIL_FAILED).data["error"] == "no valid recipient"


def test_allauths_mails_are_recorded_when_the_server_is_down_and_the_page_answers(
    client, db, mail_server_down
):
    user = UserFactory(email="lupa@contoh.id")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    event = AuditEvent.objects.get(code=MAIL_FAILED)
    assert event.data["to"] == ["lupa@contoh.id"] and "SMTPServerDisconnected" in event.data["error"]


def test_a_name_with_a_line_break_is_refused_on_the_profile_and_at_registration(client, cast):
    client.force_login(cast.asesi)
    page = client.post(reverse("accounts:applicant_profile"), {"full_name": "Rina\r\nBcc: x@contoh.id"})
    assert "Tulis dalam satu baris (tanpa ganti baris)." in page.content.decode()
    cast.asesi.refresh_from_db()
    assert "\n" not in cast.asesi.full_name
    client.logout()
    signup = client.post(
        reverse("account_signup"),
        {
            "email": "baru@contoh.id",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "Rina\nBcc: x@contoh.id",
            "consent": "on",
        },
    )
    assert signup.status_code == 200
    assert "Tulis dalam satu baris (tanpa ganti baris)." in signup.content.decode()
