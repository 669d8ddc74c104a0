import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kompeten.assessments import third_party
from kompeten.assessments.models import InstrumentRecord, ThirdPartyRequest
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import consented


def answers(**overrides):
    data = {f"q{n}": "yes" for n in range(1, 7)}
    return {
        **data,
        "judgement": "Bekerja rapi dan tepat waktu.",
        "relationship": "Atasan langsung",
        "duration": "3 tahun",
        **overrides,
    }


def requested(participant):
    consented(participant)
    from kompeten.assessments import conduct

    kuk = participant.session.scheme.scheme_units.first().unit.elements.first().criteria.first()
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.01",
        key=f"kuk:{kuk.pk}",
        value="K",
        version=0,
    )
    return third_party.request_create(
        actor=participant.asesor,
        participant=participant,
        supervisor_name="Pak Budi",
        supervisor_email="budi@kantor.id",
        workplace="PT Contoh",
    )


def test_the_supervisor_answers_once_without_an_account(
    client, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = requested(participant)
    link = re.search(r"http://\S+/pihak-ketiga/\S+/", mail.outbox[-1].body).group()
    assert request.token in link and mail.outbox[-1].to == ["budi@kantor.id"]
    url = reverse("assessments:third_party", kwargs={"token": request.token})
    page = client.get(url).content.decode()
    assert participant.case.asesi.full_name in page and "Pak Budi" in page
    response = client.post(url, answers())
    assert "sudah dikirim" in response.content.decode()
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.10")
    assert (
        record.value("result:1") == "K" and record.value("note:judgement") == "Bekerja rapi dan tepat waktu."
    )
    again = client.get(url)
    assert again.status_code == 410 and "sudah dikirim" in again.content.decode()


def test_an_expired_link_shows_a_clear_message(client, participant):
    request = requested(participant)
    ThirdPartyRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(reverse("assessments:third_party", kwargs={"token": request.token}))
    assert response.status_code == 410
    assert "Tautan ini sudah kedaluwarsa. Mintalah tautan baru kepada asesor." in response.content.decode()
    assert (
        client.post(
            reverse("assessments:third_party", kwargs={"token": request.token}), answers()
        ).status_code
        == 410
    )
    assert not InstrumentRecord.objects.filter(kind="IA.10").exists()


def test_an_incomplete_answer_is_explained_and_nothing_saved(client, participant):
    request = requested(participant)
    page = client.post(
        reverse("assessments:third_party", kwargs={"token": request.token}), answers(judgement="")
    ).content.decode()
    assert "Berikan penilaian menyeluruh" in page
    request.refresh_from_db()
    assert request.answered_at is None


def test_an_unknown_link_is_a_404(client, db):
    assert client.get(reverse("assessments:third_party", kwargs={"token": "tidak-ada"})).status_code == 404


def _answer(request):
    return third_party.request_answer(
        token=request.token,
        answers={str(n): True for n in range(1, 7)},
        relationship="Atasan",
        duration="2 tahun",
        qualifications="",
        judgement="Baik.",
        training="",
    )


def test_a_link_answered_meanwhile_refuses_the_later_answer(participant, monkeypatch):
    """The answer read the link as unanswered, then another answer was kept first: this one is refused."""
    request = requested(participant)
    read = third_party.request_for_token(request.token)
    _answer(request)
    monkeypatch.setattr(third_party, "request_for_token", lambda token: read)
    with pytest.raises(DomainError) as refused:
        _answer(request)
    assert refused.value.message == "Verifikasi ini sudah dikirim. Terima kasih."
    assert audit_count(participant) == 1


def audit_count(participant):
    from kompeten.core.models import AuditEvent

    return AuditEvent.objects.filter(
        code="kompeten.ia10.answered", object_id=str(participant.case.pk)
    ).count()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_four_answers_sent_at_once_keep_one(transactional_db, participant):
    request = requested(participant)
    barrier = threading.Barrier(4)
    kept, refused, errors = [], [], []

    def answer():
        try:
            barrier.wait()
            kept.append(_answer(request))
        except DomainError as error:
            refused.append(str(error.message))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(kept) == 1
    assert refused == ["Verifikasi ini sudah dikirim. Terima kasih."] * 3
    assert audit_count(participant) == 1


def test_a_line_break_in_the_supervisors_name_or_address_is_refused(participant):
    consented(participant)
    for name, email in (("Pak Budi\nBcc: x@contoh.id", "budi@kantor.id"), ("Pak Budi", "budi@kantor.id\r\n")):
        with pytest.raises(DomainError, match="satu baris"):
            third_party.request_create(
                actor=participant.asesor,
                participant=participant,
                supervisor_name=name,
                supervisor_email=email,
                workplace="PT Contoh",
            )
    with pytest.raises(DomainError, match="email atasan yang valid"):
        third_party.request_create(
            actor=participant.asesor,
            participant=participant,
            supervisor_name="Pak Budi",
            supervisor_email="bukan-alamat",
            workplace="PT Contoh",
        )
    assert not ThirdPartyRequest.objects.exists()
