"""The complaints channel: anyone lodges a complaint and follows it by its tracking page; LSP management
answers it step by step until it is resolved."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompeten.certificates import appeals
from kompeten.certificates.models import Complaint, ComplaintStatus
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification

LODGED = {
    "name": "Siti Aminah",
    "email": "siti@contoh.id",
    "subject": "Jadwal asesmen diundur tanpa kabar",
    "description": "Saya datang ke TUK tetapi asesmen dibatalkan.",
}


def test_anyone_lodges_a_complaint_and_follows_it_on_the_tracking_page(client, cast):
    response = client.post(reverse("certificates:complaint_new"), LODGED)
    complaint = Complaint.objects.get()
    assert response.url == reverse("certificates:complaint_track", kwargs={"code": complaint.tracking_code})
    assert complaint.submitted_by is None and complaint.status == ComplaintStatus.RECEIVED
    assert Notification.objects.filter(user=cast.admin_lsp, text__contains=complaint.reference).exists()
    page = client.get(response.url).content.decode()
    assert complaint.reference in page and "Diterima" in page

    appeals.complaint_update(
        actor=cast.manajer,
        complaint=complaint,
        status=ComplaintStatus.IN_PROGRESS,
        note="Sedang kami periksa.",
    )
    appeals.complaint_update(
        actor=cast.admin_lsp,
        complaint=complaint,
        status=ComplaintStatus.RESOLVED,
        note="Jadwal baru dikirim.",
    )
    page = client.get(response.url).content.decode()
    assert "Sedang kami periksa." in page and "Jadwal baru dikirim." in page and "Selesai" in page
    assert cast.admin_lsp.full_name not in page  # the complainant sees the answers, not who wrote them
    with pytest.raises(DomainError, match="sudah selesai"):
        appeals.complaint_update(
            actor=cast.admin_lsp, complaint=complaint, status=ComplaintStatus.IN_PROGRESS, note="x"
        )
    codes = [event.code for event in audit_events_for(complaint)][::-1]
    assert codes == [
        "kompeten.complaint.received",
        "kompeten.complaint.updated",
        "kompeten.complaint.updated",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "bukan-email", "email yang valid"),
        ("description", "  ", "Isi nama"),
        ("name", "", "Isi nama"),
    ],
)
def test_an_incomplete_complaint_is_refused_and_keeps_what_was_typed(client, db, field, value, message):
    page = client.post(reverse("certificates:complaint_new"), {**LODGED, field: value}).content.decode()
    assert message in page and LODGED["subject"] in page
    assert not Complaint.objects.exists()


def test_complaints_from_one_address_are_rate_limited(client, db):
    for _ in range(5):
        client.post(reverse("certificates:complaint_new"), LODGED)
    page = client.post(reverse("certificates:complaint_new"), LODGED).content.decode()
    assert "Terlalu banyak pengaduan" in page and Complaint.objects.count() == 5


def test_only_lsp_management_handles_complaints_and_an_unknown_code_is_not_found(client, cast):
    complaint = appeals.complaint_submit(actor=cast.asesi, **LODGED)
    assert complaint.submitted_by == cast.asesi
    with pytest.raises(PermissionDenied):
        appeals.complaint_update(actor=cast.asesi, complaint=complaint, status="resolved", note="x")
    with pytest.raises(DomainError, match="status"):
        appeals.complaint_update(actor=cast.manajer, complaint=complaint, status="received", note="x")
    manage = reverse("certificates:complaint_manage", kwargs={"pk": complaint.pk})
    for user in (cast.asesi, cast.komite, cast.asesor):
        client.force_login(user)
        assert client.get(manage).status_code == 403
        assert client.get(reverse("certificates:complaint_list")).status_code == 403
    client.force_login(cast.manajer)
    assert complaint.reference in client.get(reverse("certificates:complaint_list")).content.decode()
    refused = client.post(manage, {"status": "in_progress", "note": ""}, follow=True).content.decode()
    assert "Tulis catatan untuk pengadu" in refused
    client.post(manage, {"status": "in_progress", "note": "Kami hubungi TUK."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    assert (
        client.get(reverse("certificates:complaint_track", kwargs={"code": "tidak-ada"})).status_code == 404
    )


@pytest.mark.parametrize("field", ["name", "subject", "email"])
def test_a_line_break_in_what_reaches_a_mail_header_is_refused(client, cast, field):
    value = {
        "name": "Siti\r\nBcc: x@contoh.id",
        "subject": "Jadwal\nBcc: x@contoh.id",
        "email": "s@contoh.id\r\nx@contoh.id",
    }
    page = client.post(reverse("certificates:complaint_new"), {**LODGED, field: value[field]})
    assert page.status_code == 200
    assert "Tulis dalam satu baris (tanpa ganti baris)." in page.content.decode()
    assert not Complaint.objects.exists()
