"""The cast every test can call on: one user per role, plus one holding two roles."""

from dataclasses import dataclass

import pytest

from kompeten.accounts.models import Role, User
from tests.factories import UserFactory


@dataclass
class Cast:
    admin_lsp: User
    manajer: User
    komite: User
    asesor: User
    asesi: User
    admin_tuk: User
    asesor_and_komite: User
    no_role: User

    def by_role(self) -> dict[Role, User]:
        return {
            Role.ADMIN_LSP: self.admin_lsp,
            Role.MANAJER_SERTIFIKASI: self.manajer,
            Role.KOMITE_TEKNIS: self.komite,
            Role.ASESOR: self.asesor,
            Role.ASESI: self.asesi,
            Role.ADMIN_TUK: self.admin_tuk,
        }


@pytest.fixture
def cast(db) -> Cast:
    return Cast(
        admin_lsp=UserFactory(email="admin@lsp.id", roles=[Role.ADMIN_LSP]),
        manajer=UserFactory(email="manajer@lsp.id", roles=[Role.MANAJER_SERTIFIKASI]),
        komite=UserFactory(email="komite@lsp.id", roles=[Role.KOMITE_TEKNIS]),
        asesor=UserFactory(email="asesor@lsp.id", roles=[Role.ASESOR]),
        asesi=UserFactory(email="asesi@lsp.id", roles=[Role.ASESI]),
        admin_tuk=UserFactory(email="tuk@lsp.id", roles=[Role.ADMIN_TUK]),
        asesor_and_komite=UserFactory(email="dua.peran@lsp.id", roles=[Role.ASESOR, Role.KOMITE_TEKNIS]),
        no_role=UserFactory(email="tanpa.peran@lsp.id"),
    )
