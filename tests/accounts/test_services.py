import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kompeten.accounts.models import AssessorProfile, Role, User
from kompeten.accounts.services import assessor_profile_set, user_create, user_set_roles
from kompeten.core.audit import audit_events_for


def test_admin_lsp_creates_a_user_with_roles(cast):
    user = user_create(
        actor=cast.admin_lsp,
        email="Sari@LSP.id",
        password="rahasia-uji-123",
        full_name="Sari",
        roles=[Role.ASESOR],
    )
    assert user.email == "sari@lsp.id"
    assert user.check_password("rahasia-uji-123")
    assert User.objects.get(pk=user.pk).roles == [Role.ASESOR]
    assert [event.code for event in audit_events_for(user)] == [
        "kompeten.user.roles_changed",
        "kompeten.user.created",
    ]


def test_staff_roles_open_the_admin_site_and_losing_them_closes_it(cast):
    user = cast.asesi
    user_set_roles(actor=cast.admin_lsp, user=user, roles=[Role.ASESI, Role.MANAJER_SERTIFIKASI])
    user.refresh_from_db()
    assert user.is_staff
    assert user.roles == [Role.MANAJER_SERTIFIKASI, Role.ASESI]
    user_set_roles(actor=cast.admin_lsp, user=user, roles=[Role.ASESI])
    user.refresh_from_db()
    assert not user.is_staff
    event = audit_events_for(user)[0]
    assert event.data == {"added": [], "removed": ["manajer_sertifikasi"]}


def test_setting_the_same_roles_again_records_nothing(cast):
    user_set_roles(actor=cast.admin_lsp, user=cast.asesi, roles=[Role.ASESI])
    assert list(audit_events_for(cast.asesi)) == []


@pytest.mark.parametrize("role", ["manajer", "komite", "asesor", "asesi", "admin_tuk"])
def test_only_admin_lsp_manages_users_and_roles(cast, role):
    actor = getattr(cast, role)
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=actor, user=actor, roles=[Role.ADMIN_LSP])
    with pytest.raises(PermissionDenied):
        user_create(actor=actor, email="baru@lsp.id")
    assert not User.objects.get(pk=actor.pk).has_role(Role.ADMIN_LSP)
    assert not User.objects.filter(email="baru@lsp.id").exists()


def test_admin_lsp_records_an_assessor_registration(cast):
    profile = assessor_profile_set(
        actor=cast.admin_lsp,
        user=cast.asesor,
        met_number=" MET.000.001234 2024 ",
        licence_expires_on=datetime.date(2027, 6, 30),
    )
    assert profile.met_number == "MET.000.001234 2024"
    profile = assessor_profile_set(
        actor=cast.admin_lsp,
        user=cast.asesor,
        met_number="MET.000.001234 2024",
        licence_expires_on=datetime.date(2030, 6, 30),
    )
    assert AssessorProfile.objects.get(user=cast.asesor).licence_expires_on == datetime.date(2030, 6, 30)
    assert audit_events_for(cast.asesor)[0].code == "kompeten.assessor_profile.set"
