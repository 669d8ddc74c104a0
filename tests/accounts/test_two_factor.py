"""Two-factor authentication for staff: an authenticator app (TOTP), required of every role but candidate
when KOMPETEN_STAFF_TOTP is on (by default in production)."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def totp_required(settings):
    settings.KOMPETEN_STAFF_TOTP = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, cast, totp_required):
    client.post(reverse("account_login"), {"login": cast.komite.email, "password": PASSWORD})
    response = client.get(reverse("certificates:sessions"))
    assert response.url == reverse("mfa_activate_totp")
    # setting up a second factor asks for the password once more
    assert client.get(response.url).url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(response.url)
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()  # segno's QR
    TOTP.activate(cast.komite, generate_totp_secret())
    assert client.get(reverse("certificates:sessions")).status_code == 200


def test_candidates_and_a_switched_off_setting_need_no_second_factor(client, cast, settings):
    settings.KOMPETEN_STAFF_TOTP = True
    client.force_login(cast.asesi)
    assert client.get(reverse("cases:mine")).status_code == 200
    settings.KOMPETEN_STAFF_TOTP = False
    client.force_login(cast.admin_lsp)
    assert client.get(reverse("certificates:list")).status_code == 200


def test_signing_in_with_totp_asks_for_the_code_and_refuses_a_wrong_one(client, cast, totp_required):
    secret = generate_totp_secret()
    TOTP.activate(cast.manajer, secret)
    response = client.post(reverse("account_login"), {"login": cast.manajer.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(cast.manajer.pk)


def test_the_admin_sign_in_sends_every_get_and_post_to_the_one_kompeten_sign_in(client, cast, totp_required):
    TOTP.activate(cast.manajer, generate_totp_secret())
    page = client.get("/admin/login/?next=/admin/certificates/")
    assert page.status_code == 302
    assert page.url == reverse("account_login") + "?next=/admin/certificates/"
    posted = client.post("/admin/login/", {"username": cast.manajer.email, "password": PASSWORD})
    assert posted.status_code == 302 and posted.url == reverse("account_login") + "?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").url.startswith("/admin/login/")  # the admin itself still sends there
    # a foreign next page is not kept
    assert (
        client.get("/admin/login/?next=https://evil.test/").url == reverse("account_login") + "?next=/admin/"
    )


def test_a_staff_user_with_totp_is_not_signed_in_by_email_and_password_anywhere(client, cast, totp_required):
    TOTP.activate(cast.manajer, generate_totp_secret())
    client.post("/admin/login/", {"username": cast.manajer.email, "password": PASSWORD, "next": "/admin/"})
    client.post(reverse("account_login"), {"login": cast.manajer.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("certificates:list")).url.startswith(reverse("account_login"))


def test_the_sign_in_rate_limit_holds_for_staff(client, cast):
    for _ in range(5):
        wrong = client.post(
            reverse("account_login"), {"login": cast.manajer.email, "password": "salah-salah"}
        )
        assert wrong.status_code == 200
    client.post("/admin/login/", {"username": cast.manajer.email, "password": PASSWORD})
    right = client.post(reverse("account_login"), {"login": cast.manajer.email, "password": PASSWORD})
    assert right.status_code in (200, 429) and "_auth_user_id" not in client.session
    assert "Terlalu banyak" in right.content.decode()
