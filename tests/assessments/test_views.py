import datetime

import pytest
from django.urls import reverse

from kompeten.assessments import services
from kompeten.assessments.models import AssessmentSession
from kompeten.cases.models import CaseStatus
from tests.assessment_fixtures import ready_case, verified_tuk

TODAY = datetime.date.today()
DAY = TODAY + datetime.timedelta(days=20)


@pytest.fixture
def tuk(cast, scheme):
    tuk = verified_tuk(
        scheme,
        cast.asesor,
        name="TUK Jayapura",
        kind="mandiri",
        address="Jl. B",
        time_zone="Asia/Jayapura",
        days=90,
    )
    tuk.admins.add(cast.admin_tuk)
    return tuk


def create(client, scheme, tuk, **overrides):
    data = {
        "scheme": scheme.pk,
        "tuk": tuk.pk,
        "date": DAY.isoformat(),
        "start": "08:00",
        "end": "16:00",
        "quota": 5,
    }
    return client.post(reverse("assessments:sessions"), {**data, **overrides}, follow=True)


def test_management_creates_a_session_in_the_tuks_local_time(client, cast, scheme, tuk):
    client.force_login(cast.manajer)
    response = create(client, scheme, tuk)
    session = AssessmentSession.objects.get()
    assert session.starts_at.hour == 23 and session.starts_at.tzinfo  # 08:00 WIT is 23:00 UTC the day before
    page = response.content.decode()
    assert "08:00\u201316:00" in page and "WIT" in page


def test_a_session_at_an_unverified_tuk_is_refused_on_the_page(client, cast, scheme, tuk):
    client.force_login(cast.manajer)
    page = create(
        client, scheme, tuk, date=(TODAY + datetime.timedelta(days=200)).isoformat()
    ).content.decode()
    assert "belum terverifikasi untuk skema" in page
    assert not AssessmentSession.objects.exists()


def test_participants_are_added_and_the_letter_renders(client, cast, scheme, tuk, applicant, asesor):
    client.force_login(cast.manajer)
    create(client, scheme, tuk)
    session = AssessmentSession.objects.get()
    case = ready_case(applicant, scheme, asesor)
    response = client.post(
        reverse("assessments:participant_add", kwargs={"pk": session.pk}), {"case": case.pk}, follow=True
    )
    assert "telah dijadwalkan" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SCHEDULED
    pdf = client.get(reverse("assessments:assignment_letter", kwargs={"pk": session.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_assessor_sees_their_session_and_declares(client, cast, scheme, tuk, applicant, asesor):
    session = services.session_create(
        actor=cast.manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=datetime.datetime.combine(DAY, datetime.time(8), tzinfo=tuk.zone),
        ends_at=datetime.datetime.combine(DAY, datetime.time(12), tzinfo=tuk.zone),
        quota=3,
    )
    services.session_add_participant(
        actor=cast.manajer, session=session, case=ready_case(applicant, scheme, asesor)
    )
    client.force_login(asesor)
    assert session.reference in client.get(reverse("assessments:sessions")).content.decode()
    response = client.post(reverse("assessments:declare", kwargs={"pk": session.pk}), follow=True)
    assert "Pernyataan Anda telah dicatat." in response.content.decode()
    assert session.assessors.get().declared_at


@pytest.mark.parametrize("role", ["asesi", "komite", "no_role"])
def test_others_cannot_see_sessions(client, cast, scheme, tuk, role):
    session = services.session_create(
        actor=cast.manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=datetime.datetime.combine(DAY, datetime.time(8), tzinfo=tuk.zone),
        ends_at=datetime.datetime.combine(DAY, datetime.time(12), tzinfo=tuk.zone),
        quota=3,
    )
    client.force_login(getattr(cast, role))
    assert client.get(reverse("assessments:sessions")).status_code == 403
    assert client.get(reverse("assessments:session", kwargs={"pk": session.pk})).status_code == 403
    assert client.get(reverse("assessments:assignment_letter", kwargs={"pk": session.pk})).status_code == 403


def test_an_unassigned_assessor_cannot_see_the_session_but_the_tuk_admin_can(client, cast, scheme, tuk):
    session = services.session_create(
        actor=cast.manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=datetime.datetime.combine(DAY, datetime.time(8), tzinfo=tuk.zone),
        ends_at=datetime.datetime.combine(DAY, datetime.time(12), tzinfo=tuk.zone),
        quota=3,
    )
    client.force_login(cast.asesor)
    assert client.get(reverse("assessments:session", kwargs={"pk": session.pk})).status_code == 403
    client.force_login(cast.admin_tuk)
    assert client.get(reverse("assessments:session", kwargs={"pk": session.pk})).status_code == 200
    assert (
        client.post(reverse("assessments:participant_add", kwargs={"pk": session.pk}), {}).status_code == 403
    )
