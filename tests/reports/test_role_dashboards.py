import pytest
from django.core import mail
from django.urls import reverse

from kompeten.accounts.models import Role
from tests.factories import PASSWORD

ROLE_HEADINGS = {
    Role.ADMIN_LSP: "Admin LSP",
    Role.MANAJER_SERTIFIKASI: "Manajer Sertifikasi",
    Role.KOMITE_TEKNIS: "Komite Teknis",
    Role.ASESOR: "Asesor",
    Role.ASESI: "Asesi",
    Role.ADMIN_TUK: "Admin TUK",
}


def dashboard_url(role: Role) -> str:
    return reverse("accounts:role_dashboard", kwargs={"role_slug": role.slug})


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_dashboard_after_login(client, cast, role):
    user = cast.by_role()[role]
    response = client.post(reverse("account_login"), {"login": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == dashboard_url(role)
    page = response.content.decode()
    assert f"<h1>{ROLE_HEADINGS[role]}</h1>" in page
    assert f'data-role="{role.value}"' in page


@pytest.mark.parametrize("role", list(Role))
def test_a_role_dashboard_is_closed_to_users_without_that_role(client, cast, role):
    others = [user for other, user in cast.by_role().items() if other != role]
    for user in others:
        client.force_login(user)
        assert client.get(dashboard_url(role)).status_code == 403


def test_anonymous_visitors_are_asked_to_log_in(client, db):
    response = client.get(dashboard_url(Role.ASESI))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_user_with_two_roles_can_switch_between_dashboards(client, cast):
    client.force_login(cast.asesor_and_komite)
    response = client.get(reverse("accounts:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == dashboard_url(Role.KOMITE_TEKNIS)
    assert f'href="{dashboard_url(Role.ASESOR)}"' in response.content.decode()
    assert client.get(dashboard_url(Role.ASESOR)).status_code == 200


def test_a_user_without_a_role_is_told_so(client, cast):
    client.force_login(cast.no_role)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert "Akun Anda belum memiliki peran" in response.content.decode()


def test_an_unknown_dashboard_is_a_404(client, cast):
    client.force_login(cast.admin_lsp)
    assert client.get("/dasbor/kepala-sekolah/").status_code == 404


def test_a_wrong_password_is_refused_in_indonesian(client, cast):
    response = client.post(reverse("account_login"), {"login": cast.asesi.email, "password": "salah"})
    assert response.status_code == 200
    assert "Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar." in response.content.decode()


def test_logout_ends_the_session(client, cast):
    client.force_login(cast.asesi)
    client.post(reverse("account_logout"))
    assert client.get(dashboard_url(Role.ASESI)).status_code == 302


def test_password_change_and_reset(client, cast):
    client.force_login(cast.asesi)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "sandi-baru-yang-kuat-9",
            "password2": "sandi-baru-yang-kuat-9",
        },
    )
    assert response.status_code == 302
    cast.asesi.refresh_from_db()
    assert cast.asesi.check_password("sandi-baru-yang-kuat-9")

    client.logout()
    client.post(reverse("account_reset_password"), {"email": cast.asesi.email})
    assert len(mail.outbox) == 1
    assert cast.asesi.email in mail.outbox[0].to
    assert "/akun/password/reset/key/" in mail.outbox[0].body
