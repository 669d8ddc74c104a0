"""After issue: blanko number, suspension, reinstatement, withdrawal (each with a reason, audited, shown by
verification at once) and the daily expiry with reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from kompeten.certificates import lifecycle, services
from kompeten.certificates.models import Certificate
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification
from tests.certificates.test_issuing import competent_case


@pytest.fixture
def certificate(cast, scheme):
    return services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))


def status_of(client, certificate) -> str:
    return client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token})).json()[
        "status"
    ]


def test_suspending_shows_at_once_in_verification_and_reinstating_restores_it(client, cast, certificate):
    lifecycle.certificate_change_status(
        actor=cast.admin_lsp, certificate=certificate, action="suspend", reason="Surveilans terlambat"
    )
    assert status_of(client, certificate) == "suspended"
    lifecycle.certificate_change_status(
        actor=cast.manajer, certificate=certificate, action="reinstate", reason="Logbook diterima"
    )
    assert status_of(client, certificate) == "active"
    codes = [e.code for e in audit_events_for(certificate)]
    assert "kompeten.certificate.suspended" in codes and "kompeten.certificate.reinstated" in codes
    assert Notification.objects.filter(
        user=certificate.case.asesi, text__contains="Surveilans terlambat"
    ).exists()


def test_withdrawal_is_final_and_every_change_needs_a_reason_and_the_lsp(cast, certificate):
    with pytest.raises(DomainError, match="alasan"):
        lifecycle.certificate_change_status(
            actor=cast.admin_lsp, certificate=certificate, action="withdraw", reason=" "
        )
    with pytest.raises(PermissionDenied):
        lifecycle.certificate_change_status(
            actor=cast.komite, certificate=certificate, action="withdraw", reason="x"
        )
    lifecycle.certificate_change_status(
        actor=cast.admin_lsp, certificate=certificate, action="withdraw", reason="Pemalsuan bukti"
    )
    with pytest.raises(DomainError, match="dibekukan"):
        lifecycle.certificate_change_status(
            actor=cast.admin_lsp, certificate=certificate, action="suspend", reason="x"
        )
    with pytest.raises(DomainError, match="dibekukan"):
        lifecycle.certificate_change_status(
            actor=cast.admin_lsp, certificate=certificate, action="reinstate", reason="x"
        )


def test_a_blanko_number_is_recorded_once_across_certificates(cast, scheme, certificate):
    lifecycle.certificate_blanko_set(actor=cast.admin_lsp, certificate=certificate, blanko_number="B-0001234")
    other = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 2))
    with pytest.raises(DomainError, match="sudah tercatat"):
        lifecycle.certificate_blanko_set(actor=cast.admin_lsp, certificate=other, blanko_number="B-0001234")
    assert Certificate.objects.get(pk=certificate.pk).blanko_number == "B-0001234"


def test_the_daily_job_expires_and_reminds_once(cast, scheme, certificate, settings):
    settings.KOMPETEN_EXPIRY_REMINDER_DAYS = 30
    soon = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 2))
    today = datetime.date(2030, 6, 1)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2030, 5, 31))
    Certificate.objects.filter(pk=soon.pk).update(expires_on=datetime.date(2030, 6, 20))
    assert lifecycle.certificates_daily(today=today) == {
        "expired": 1,
        "reminded": 1,
        "surveillance_warned": 1,  # the other certificate is years behind with its logbook
    }
    assert lifecycle.certificates_daily(today=today) == {
        "expired": 0,
        "reminded": 0,
        "surveillance_warned": 0,
    }
    assert Certificate.objects.get(pk=certificate.pk).status == "expired"
    assert Notification.objects.filter(user=soon.case.asesi, text__contains="20-06-2030").count() == 1


def test_the_daily_command_runs(db, capsys):
    call_command("certificates_daily")
    assert "expired: 0, reminded: 0, surveillance warned: 0" in capsys.readouterr().out


def test_the_certificate_page_changes_the_status_and_records_the_blanko(client, cast, certificate):
    client.force_login(cast.admin_lsp)
    url = reverse("certificates:detail", kwargs={"pk": certificate.pk})
    assert "Bekukan" in client.get(url).content.decode()
    client.post(reverse("certificates:blanko", kwargs={"pk": certificate.pk}), {"blanko_number": "B-77"})
    response = client.post(
        reverse("certificates:status", kwargs={"pk": certificate.pk}),
        {"action": "suspend", "reason": "Diperiksa"},
        follow=True,
    )
    assert "Status sertifikat telah diubah." in response.content.decode()
    certificate.refresh_from_db()
    assert (certificate.status, certificate.blanko_number, certificate.status_reason) == (
        "suspended",
        "B-77",
        "Diperiksa",
    )
    bad = client.post(
        reverse("certificates:status", kwargs={"pk": certificate.pk}),
        {"action": "hapus", "reason": "x"},
        follow=True,
    )
    assert "Tindakan tidak dikenal." in bad.content.decode()
    client.force_login(certificate.case.asesi)
    assert client.get(url).status_code == 403


def test_the_holder_applies_for_recertification_near_expiry(client, cast, certificate, settings):
    from kompeten.cases.models import Purpose

    settings.KOMPETEN_EXPIRY_REMINDER_DAYS = 60
    holder = certificate.case.asesi
    holder.role_assignments.create(role="asesi")
    holder.__dict__.pop("role_codes", None)
    with pytest.raises(DomainError, match="60 hari"):
        lifecycle.recertification_open(actor=holder, certificate=certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=datetime.date.today() + datetime.timedelta(days=30)
    )
    certificate.refresh_from_db()
    client.force_login(holder)
    page = client.get(reverse("cases:detail", kwargs={"pk": certificate.case_id})).content.decode()
    assert "Ajukan sertifikasi ulang" in page and certificate.number in page
    response = client.post(
        reverse("certificates:recertification", kwargs={"pk": certificate.pk}), follow=True
    )
    assert "sertifikasi ulang telah dibuka" in response.content.decode()
    new_case = holder.cases.exclude(pk=certificate.case_id).get()
    assert (new_case.purpose, new_case.status, new_case.scheme_code) == (
        Purpose.RECERTIFICATION,
        "draft",
        certificate.scheme_code,
    )


def test_recertification_is_refused_to_others_and_for_a_withdrawn_certificate(cast, certificate):
    with pytest.raises(PermissionDenied):
        lifecycle.recertification_open(actor=cast.asesi, certificate=certificate)
    lifecycle.certificate_change_status(
        actor=cast.admin_lsp, certificate=certificate, action="withdraw", reason="Dicabut"
    )
    certificate.refresh_from_db()
    assert not lifecycle.recertification_due(certificate, today=certificate.expires_on)
