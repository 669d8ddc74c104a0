"""An Admin TUK manages their own TUK: details, verifications and sessions; nobody else's."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompeten.assessments import services
from kompeten.assessments.models import Tuk
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError


@pytest.fixture
def own_tuk(cast):
    tuk = Tuk.objects.create(
        name="TUK Makassar", kind="tempat_kerja", address="Jl. Lama", time_zone="Asia/Makassar"
    )
    tuk.admins.add(cast.admin_tuk)
    return tuk


@pytest.fixture
def other_tuk(db):
    return Tuk.objects.create(name="TUK Lain", kind="sewaktu", address="Jl. Lain")


def test_the_tuk_admin_updates_the_details_and_the_change_is_audited(cast, own_tuk):
    services.tuk_update(actor=cast.admin_tuk, tuk=own_tuk, address="Jl. Baru 5", contact_phone="0411-123")
    own_tuk.refresh_from_db()
    assert (own_tuk.address, own_tuk.contact_phone) == ("Jl. Baru 5", "0411-123")
    (event,) = audit_events_for(own_tuk)
    assert event.code == "kompeten.tuk.updated" and event.data == {
        "address": "Jl. Baru 5",
        "contact_phone": "0411-123",
    }


def test_a_tuk_admin_cannot_touch_another_tuk_nor_its_name_or_kind(cast, own_tuk, other_tuk):
    with pytest.raises(PermissionDenied):
        services.tuk_update(actor=cast.admin_tuk, tuk=other_tuk, address="Jl. X")
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        services.tuk_update(actor=cast.admin_tuk, tuk=own_tuk, name="TUK Palsu")
    with pytest.raises(DomainError, match="WIB, WITA atau WIT"):
        services.tuk_update(actor=cast.admin_tuk, tuk=own_tuk, time_zone="Europe/Paris")
    with pytest.raises(DomainError, match="alamat"):
        services.tuk_update(actor=cast.admin_tuk, tuk=own_tuk, address="  ")


def test_the_tuk_page_saves_the_form_and_shows_verifications(client, cast, own_tuk):
    client.force_login(cast.admin_tuk)
    url = reverse("assessments:tuk", kwargs={"pk": own_tuk.pk})
    page = client.get(url).content.decode()
    assert "Belum diverifikasi untuk skema apa pun" in page
    response = client.post(
        url,
        {
            "address": "Jl. Pettarani 1",
            "time_zone": "Asia/Makassar",
            "contact_name": "Bu Ani",
            "contact_phone": "",
            "contact_email": "",
        },
        follow=True,
    )
    assert "Data TUK disimpan." in response.content.decode()
    own_tuk.refresh_from_db()
    assert own_tuk.contact_name == "Bu Ani"
    invalid = client.post(url, {"address": "", "time_zone": "Asia/Makassar"})
    assert invalid.status_code == 200
    own_tuk.refresh_from_db()
    assert own_tuk.address == "Jl. Pettarani 1"


def test_the_tuk_admin_sees_only_their_own_tuk(client, cast, own_tuk, other_tuk):
    client.force_login(cast.admin_tuk)
    listing = client.get(reverse("assessments:tuks")).content.decode()
    assert "TUK Makassar" in listing and "TUK Lain" not in listing
    assert client.get(reverse("assessments:tuk", kwargs={"pk": other_tuk.pk})).status_code == 403
    dashboard = client.get(
        reverse("accounts:role_dashboard", kwargs={"role_slug": "admin-tuk"})
    ).content.decode()
    assert "TUK Makassar" in dashboard


def test_applicants_have_no_tuk_pages(client, cast, own_tuk):
    client.force_login(cast.asesi)
    assert client.get(reverse("assessments:tuks")).status_code == 403
    assert client.get(reverse("assessments:tuk", kwargs={"pk": own_tuk.pk})).status_code == 403


def test_a_user_who_lost_the_tuk_admin_role_loses_the_tuk(client, cast, own_tuk):
    from kompeten.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=cast.admin_tuk).delete()
    client.force_login(cast.admin_tuk)
    assert client.get(reverse("assessments:tuk", kwargs={"pk": own_tuk.pk})).status_code == 403
