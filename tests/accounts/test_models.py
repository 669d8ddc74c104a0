import datetime

import pytest
from django.db import IntegrityError

from kompeten.accounts.models import AssessorProfile, Role, RoleAssignment, User
from tests.factories import UserFactory


def test_it_stores_email_addresses_in_lower_case_and_unique(db):
    User.objects.create_user("Budi.Santoso@Example.ID", "rahasia-uji-123")
    assert User.objects.get().email == "budi.santoso@example.id"
    with pytest.raises(IntegrityError):
        User.objects.create_user("BUDI.SANTOSO@example.id", "rahasia-uji-123")


def test_a_user_may_hold_several_roles(cast):
    user = cast.asesor_and_komite
    assert user.roles == [Role.KOMITE_TEKNIS, Role.ASESOR]
    assert user.has_role(Role.ASESOR) and user.has_role(Role.KOMITE_TEKNIS)
    assert not user.has_role(Role.ADMIN_LSP)
    assert user.has_any_role(Role.ADMIN_LSP, Role.ASESOR)


def test_an_inactive_user_holds_no_role(cast):
    cast.asesi.is_active = False
    assert not cast.asesi.has_role(Role.ASESI)


def test_the_same_role_cannot_be_given_twice(cast):
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=cast.asesi, role=Role.ASESI)


def test_the_database_refuses_an_unknown_role(cast):
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=cast.asesi, role="kepala_sekolah")


def test_an_assessor_licence_is_valid_until_its_expiry_date(db):
    profile = AssessorProfile(
        user=UserFactory(), met_number="MET.000.004321 2024", licence_expires_on=datetime.date(2027, 3, 31)
    )
    assert profile.licence_is_valid(on=datetime.date(2027, 3, 31))
    assert not profile.licence_is_valid(on=datetime.date(2027, 4, 1))


def test_met_numbers_are_unique(db):
    AssessorProfile.objects.create(
        user=UserFactory(), met_number="MET.000.004321 2024", licence_expires_on=datetime.date(2027, 1, 1)
    )
    with pytest.raises(IntegrityError):
        AssessorProfile.objects.create(
            user=UserFactory(), met_number="MET.000.004321 2024", licence_expires_on=datetime.date(2027, 1, 1)
        )
