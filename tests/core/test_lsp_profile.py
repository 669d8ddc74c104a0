import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from kompeten.core.audit import audit_events_for
from kompeten.core.models import LspProfile
from kompeten.core.services import lsp_profile_update

URL = reverse("core:lsp_profile_edit")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(**overrides) -> dict:
    return {
        "name": "LSP Teknologi Nusantara",
        "bnsp_licence_number": "BNSP-LSP-123-ID",
        "licence_valid_until": "2029-12-31",
        "address": "Jl. Merdeka 1, Bandung",
        "phone": "022-123456",
        "email": "lsp@nusantara.id",
        "website": "",
        "head_name": "Ir. Budi Santoso",
        "head_title": "Ketua",
        **overrides,
    }


def test_the_admin_lsp_updates_the_profile_and_it_is_audited(cast):
    lsp_profile_update(
        actor=cast.admin_lsp, name="LSP Nusantara", licence_valid_until=datetime.date(2029, 1, 1)
    )
    profile = LspProfile.current()
    assert (profile.pk, profile.name) == (1, "LSP Nusantara")
    [event] = audit_events_for(profile)
    assert event.code == "kompeten.lsp_profile.updated"
    assert event.data == {"fields": ["licence_valid_until", "name"]}


def test_other_roles_may_not_update_the_profile(cast):
    for user in [cast.manajer, cast.asesor, cast.asesi, cast.komite, cast.admin_tuk]:
        with pytest.raises(PermissionDenied):
            lsp_profile_update(actor=user, name="Dibajak")
    assert not LspProfile.objects.exists()


def test_there_is_only_ever_one_profile(db):
    LspProfile.objects.create(pk=1, name="Satu")
    with pytest.raises(IntegrityError):
        LspProfile.objects.create(pk=2, name="Dua")


def test_the_profile_form_saves_with_a_logo_that_is_served_publicly(client, cast):
    client.force_login(cast.admin_lsp)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(URL, {**form_data(), "logo": logo}, follow=True)
    assert "Profil LSP telah disimpan." in response.content.decode()
    profile = LspProfile.current()
    assert profile.head_name == "Ir. Budi Santoso"
    assert profile.licence_valid_until == datetime.date(2029, 12, 31)
    client.logout()
    logo_response = client.get(reverse("core:lsp_logo"))
    assert logo_response.status_code == 200
    assert b"".join(logo_response.streaming_content) == png_bytes()


def test_the_form_explains_bad_input_in_indonesian_and_saves_nothing(client, cast):
    client.force_login(cast.admin_lsp)
    garbage = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(URL, {**form_data(name="", email="bukan-email"), "logo": garbage})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in page
    assert "Masukkan alamat email yang valid." in page
    assert "Unggah gambar yang valid." in page
    assert not LspProfile.objects.exists()


@pytest.mark.parametrize("role", ["manajer", "komite", "asesor", "asesi", "admin_tuk", "no_role"])
def test_other_roles_get_a_friendly_403_on_the_profile_page(client, cast, role):
    client.force_login(getattr(cast, role))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_there_is_no_logo_until_one_is_uploaded(client, db):
    assert client.get(reverse("core:lsp_logo")).status_code == 404
