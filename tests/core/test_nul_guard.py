"""A NUL character in an address or a field is refused with a clear 400 before it reaches the database
(PostgreSQL cannot store or compare it)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/verifikasi/a%00b/", {}),
        ("get", "/pengaduan/lacak/a%00b/", {}),
        ("get", "/cek-sertifikat/", {"number": "A\x00", "name": "B"}),
        (
            "post",
            "/pengaduan/",
            {"name": "Siti\x00", "email": "s@contoh.id", "subject": "x", "description": "y"},
        ),
    ],
)
def test_a_nul_character_gets_a_clear_400(client, db, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_ordinary_requests_pass(client, db):
    assert client.get(reverse("certificates:lookup")).status_code == 200
