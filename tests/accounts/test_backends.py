from kompeten.accounts.models import Role, User
from tests.factories import UserFactory


def test_permissions_come_from_roles_without_reading_djangos_permission_tables(db, django_assert_num_queries):
    user = UserFactory(roles=[Role.ADMIN_LSP])
    user.role_codes  # noqa: B018 - loaded once per request by the menu anyway
    with django_assert_num_queries(0):
        assert user.has_perm("assessments.change_tuk")
        assert not user.has_perm("auth.add_permission")


def test_a_superuser_still_holds_every_permission(db):
    superuser = User.objects.create_superuser(email="root@lsp.id", password="rahasia-sekali-123")
    assert superuser.has_perm("auth.add_permission") and superuser.has_module_perms("auth")


def test_signing_in_by_email_and_password_still_works(client, db):
    user = UserFactory(email="masuk@lsp.id", roles=[Role.ASESI])
    user.set_password("kata-sandi-panjang-1")
    user.save()
    response = client.post("/akun/login/", {"login": "masuk@lsp.id", "password": "kata-sandi-panjang-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
