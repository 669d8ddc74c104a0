"""Every date, time and number the assessment pages take goes through a form: impossible or out-of-range values
are refused with one clear message and nothing is stored, never a 500 (issue 12, item 5)."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from kompeten.assessments import models as assessment_models
from kompeten.assessments.models import Adjustment, Consent, TukTimeZone
from kompeten.core.forms import latest_plan_date

IMPOSSIBLE = ["2026-02-30T10:00", "2026-03-01T25:61", "garbage", "9" * 400, "2026-13-01T10:00", "9999-12-31"]
NOT_A_DATETIME = "Masukkan tanggal dan jam yang benar-benar ada, misalnya 2026-03-15 09:30."
LIMITS = "Isi waktu dalam menit (1 sampai 600) dan batas lulus dalam persen (1 sampai 100)."
LABEL = "Hari dan waktu yang disepakati (waktu TUK)"


def out_of_range() -> str:
    return f"Tanggal harus di antara 01-01-2000 dan {latest_plan_date():%d-%m-%Y}."


def url(name, obj, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"pk": obj.pk, **kwargs})


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def propose(client, participant, agreed_time):
    client.force_login(participant.asesor)
    return client.post(
        url("consent_propose", participant),
        {"methods": ["observasi"], "agreed_place": "TUK", "agreed_time": agreed_time},
    )


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_an_impossible_agreed_time_is_refused_and_nothing_is_stored(client, participant, value):
    response = propose(client, participant, value)
    assert response.status_code == 302
    assert said(response) == [f"{LABEL}: {NOT_A_DATETIME}"]
    assert not Consent.objects.filter(participant=participant).exists()


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "1999-12-31T23:59", "9999-12-31T23:59"])
def test_an_agreed_time_outside_the_sane_range_is_refused(client, participant, value):
    response = propose(client, participant, value)
    assert said(response) == [f"{LABEL}: {out_of_range()}"]
    assert not Consent.objects.filter(participant=participant).exists()


def test_a_real_agreed_time_is_read_in_the_tuks_time_zone(client, participant):
    tuk = participant.session.tuk
    tuk.time_zone = TukTimeZone.WITA
    tuk.save()
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = propose(client, participant, f"{day:%Y-%m-%d}T10:00")
    assert said(response) == ["FR.AK.01 telah disusun; asesi diminta menyetujuinya."]
    agreed = Consent.objects.get(participant=participant).agreed_time
    assert agreed == datetime.datetime.combine(day, datetime.time(10), tzinfo=tuk.zone)
    assert agreed.astimezone(datetime.UTC).hour == 2  # WITA is UTC+8


def test_no_time_still_takes_the_sessions_start(client, participant):
    propose(client, participant, "")
    assert Consent.objects.get(participant=participant).agreed_time == participant.session.starts_at


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "9" * 400}, f"Menit: {LIMITS}"),
        ({"minutes": "601"}, "Menit: Masukkan bilangan bulat dari 1 sampai 600."),
        ({"pass_mark": "0"}, "Batas lulus (persen): Masukkan bilangan bulat dari 1 sampai 100."),
        ({"pass_mark": "abc"}, f"Batas lulus (persen): {LIMITS}"),
    ],
)
def test_the_written_test_refuses_numbers_out_of_range(client, participant, data, message):
    client.force_login(participant.asesor)
    response = client.post(url("test_open", participant), data)
    assert response.status_code == 302
    assert said(response) == [message]
    assert not assessment_models.TestAttempt.objects.exists()


@pytest.mark.parametrize("potential", ["9" * 400, "6", "-1", "dua", "²"])
def test_the_candidates_potential_is_a_number_from_one_to_five(client, participant, potential):
    client.force_login(participant.asesor)
    response = client.post(url("adjustment_record", participant), {"potential": potential})
    assert said(response) == ["Potensi asesi: Pilih potensi asesi (1 sampai 5)."]
    assert not Adjustment.objects.exists()


def test_a_huge_version_of_an_instrument_field_is_a_400_not_a_500(client, participant):
    client.force_login(participant.asesor)
    response = client.post(
        url("instrument_save", participant, kind="IA.01"),
        {"key": "catatan", "value": "x", "version": "9" * 40},
    )
    assert response.status_code == 400
    assert json.loads(response.content)["error"] == "Masukkan bilangan bulat dari 0 sampai 2147483647."


@pytest.mark.parametrize("case", ["9" * 30, "x", ""])
def test_adding_a_participant_by_a_made_up_id_is_refused(client, participant, cast, case):
    client.force_login(cast.manajer)
    response = client.post(url("participant_add", participant.session), {"case": case, "asesor": "9" * 30})
    assert response.status_code == 302
    assert said(response) == ["Pilih asesi."]
    assert participant.session.participants.count() == 1


def test_a_made_up_assessor_id_is_refused_with_its_own_message(client, participant, cast):
    client.force_login(cast.manajer)
    response = client.post(
        url("participant_add", participant.session), {"case": participant.case.pk, "asesor": "9" * 30}
    )
    assert said(response) == ["Pilih asesor dari daftar."]


@pytest.mark.parametrize(
    ("date", "start", "quota", "message"),
    [
        ("2026-02-30", "09:00", "5", "Tanggal: Masukkan tanggal yang benar-benar ada, misalnya 2026-03-15."),
        ("0001-01-01", "09:00", "5", f"Tanggal: {out_of_range()}"),
        ("9999-12-31", "09:00", "5", f"Tanggal: {out_of_range()}"),
        ("2026-03-02", "25:61", "5", "Mulai (waktu setempat TUK): Masukkan jam yang benar, misalnya 09:30."),
        ("2026-03-02", "09:00", "9" * 400, "Kuota: Masukkan bilangan bulat dari 1 sampai 500."),
    ],
)
def test_a_session_with_an_impossible_date_time_or_quota_is_redisplayed(
    client, cast, scheme, asesor, date, start, quota, message
):
    from tests.assessment_fixtures import verified_tuk

    tuk = verified_tuk(scheme, asesor)
    client.force_login(cast.manajer)
    response = client.post(
        reverse("assessments:sessions"),
        {"scheme": scheme.pk, "tuk": tuk.pk, "date": date, "start": start, "end": "12:00", "quota": quota},
    )
    assert response.status_code == 200
    errors = [
        f"{response.context['form'].fields[name].label}: {e}"
        for name, es in response.context["form"].errors.items()
        for e in es
    ]
    assert errors == [message]
    assert not tuk.sessions.exists()
