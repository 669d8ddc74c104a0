"""Surveillance: a logbook each year after issue, reviewed by the LSP; overdue warns once, then the LSP may suspend."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompeten.certificates import services, surveillance
from kompeten.certificates.lifecycle import certificates_daily
from kompeten.certificates.models import Certificate
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification
from tests.case_fixtures import PDF
from tests.certificates.test_issuing import competent_case

TODAY = datetime.date.today()


@pytest.fixture
def certificate(cast, scheme):
    issued = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    # issued 400 days ago, valid three years: the first logbook is overdue, the second due in a year
    Certificate.objects.filter(pk=issued.pk).update(
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=400) + datetime.timedelta(days=3 * 365),
    )
    issued.refresh_from_db()
    return issued


def test_a_logbook_is_due_each_year_before_expiry(certificate):
    dates = surveillance.due_dates(certificate)
    assert len(dates) == 2 and dates[0] < TODAY
    assert surveillance.overdue_since(certificate) == dates[0]


def test_the_holder_uploads_and_the_lsp_accepts_or_returns(cast, certificate):
    holder = certificate.case.asesi
    log = surveillance.logbook_submit(
        actor=holder, certificate=certificate, name="logbook.pdf", data=PDF, note="Proyek 2025"
    )
    assert (log.due_on, log.status) == (surveillance.due_dates(certificate)[0], "pending")
    assert surveillance.overdue_since(certificate) is None  # waiting for review covers it
    with pytest.raises(DomainError, match="Sebutkan alasan"):
        surveillance.logbook_review(actor=cast.admin_lsp, log=log, accepted=False)
    surveillance.logbook_review(actor=cast.admin_lsp, log=log, accepted=False, note="Tidak terbaca")
    assert surveillance.overdue_since(certificate) == log.due_on  # returned: due again
    again = surveillance.logbook_submit(actor=holder, certificate=certificate, name="logbook2.pdf", data=PDF)
    surveillance.logbook_review(actor=cast.admin_lsp, log=again, accepted=True)
    assert surveillance.next_due(certificate) == surveillance.due_dates(certificate)[1]
    with pytest.raises(DomainError, match="sudah ditinjau"):
        surveillance.logbook_review(actor=cast.admin_lsp, log=again, accepted=True)
    reviews = [
        (event.code, event.data["from"], event.data["to"])
        for event in audit_events_for(certificate)
        if event.code in ("kompeten.surveillance.accepted", "kompeten.surveillance.returned")
    ]  # on the certificate's trail, where its page shows them
    assert reviews == [
        ("kompeten.surveillance.accepted", "pending", "accepted"),
        ("kompeten.surveillance.returned", "pending", "returned"),
    ]


def test_only_the_holder_uploads_and_only_real_files(cast, certificate):
    with pytest.raises(PermissionDenied):
        surveillance.logbook_submit(actor=cast.asesi, certificate=certificate, name="x.pdf", data=PDF)
    with pytest.raises(DomainError, match="PDF, JPG, atau PNG"):
        surveillance.logbook_submit(
            actor=certificate.case.asesi, certificate=certificate, name="x.gif", data=b"GIF89a.."
        )


def test_an_overdue_logbook_warns_the_holder_once(certificate):
    assert certificates_daily()["surveillance_warned"] == 1
    assert certificates_daily()["surveillance_warned"] == 0
    assert Notification.objects.filter(user=certificate.case.asesi, text__icontains="logbook").count() == 1


def test_the_pages_upload_review_and_show_the_overdue_warning(client, cast, certificate):
    holder = certificate.case.asesi
    client.force_login(cast.admin_lsp)
    assert (
        "sudah lewat waktu"
        in client.get(reverse("certificates:detail", kwargs={"pk": certificate.pk})).content.decode()
    )
    client.force_login(holder)
    case_page = client.get(reverse("cases:detail", kwargs={"pk": certificate.case_id})).content.decode()
    assert "Unggah logbook" in case_page
    response = client.post(
        reverse("certificates:logbook_submit", kwargs={"pk": certificate.pk}),
        {"file": SimpleUploadedFile("logbook.pdf", PDF, content_type="application/pdf"), "note": "Laporan"},
        follow=True,
    )
    assert "Logbook Anda telah diunggah" in response.content.decode()
    log = certificate.surveillance_logs.get()
    assert client.get(reverse("certificates:logbook_file", kwargs={"log_pk": log.pk})).status_code == 200
    client.force_login(cast.asesi)
    assert client.get(reverse("certificates:logbook_file", kwargs={"log_pk": log.pk})).status_code == 403
    client.force_login(cast.manajer)
    client.post(reverse("certificates:logbook_review", kwargs={"log_pk": log.pk}), {"outcome": "accept"})
    log.refresh_from_db()
    assert log.status == "accepted"
