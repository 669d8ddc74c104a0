from django.core import mail

from kompeten.core.models import Notification
from kompeten.core.notify import notify
from tests.factories import UserFactory


def test_a_notification_is_kept_in_the_app_and_mailed_once_committed(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="asesi@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "Permohonan Anda diterima.", "/permohonan/1/")

    assert Notification.objects.get(user=user).text == "Permohonan Anda diterima."
    (message,) = mail.outbox
    assert message.to == ["asesi@contoh.id"]
    assert message.subject == "[Kompeten] Permohonan Anda diterima."
    assert message.body.endswith("/permohonan/1/")


def test_a_long_text_makes_a_subject_of_at_most_80_characters_ending_in_an_ellipsis(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    text = "Asesor telah menyimpulkan FR.IA.01 Ceklis observasi aktivitas di tempat kerja atau tempat kerja simulasi."
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, text)

    subject = mail.outbox[0].subject.removeprefix("[Kompeten] ")
    assert len(subject) <= 80
    assert subject.endswith("…")
    assert text.startswith(subject.removesuffix("…"))
    assert mail.outbox[0].body.startswith(text)
