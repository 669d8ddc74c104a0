import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kompeten.assessments import third_party
from kompeten.assessments.models import InstrumentRecord, ThirdPartyRequest
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


def test_a_line_break_in_the_supervisors_name_or_address_is_refused(participant):
    import pytest

    from kompeten.core.errors import DomainError

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
