"""Role predicates and the permissions built on them (django-rules, autodiscovered)."""

import rules

from kompeten.accounts.models import Role


def has_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return user.is_authenticated and user.has_role(role)

    return predicate


is_admin_lsp = has_role(Role.ADMIN_LSP)
is_manajer_sertifikasi = has_role(Role.MANAJER_SERTIFIKASI)
is_komite_teknis = has_role(Role.KOMITE_TEKNIS)
is_asesor = has_role(Role.ASESOR)
is_asesi = has_role(Role.ASESI)
is_admin_tuk = has_role(Role.ADMIN_TUK)
is_lsp_management = is_admin_lsp | is_manajer_sertifikasi

for app_model in (
    "accounts.user",
    "accounts.roleassignment",
    "accounts.assessorprofile",
    "account.emailaddress",
    "accounts.personaldataconsent",
    "mfa.authenticator",  # an admin removes a lost authenticator so that its owner can set up a new one
):
    app, model = app_model.split(".")
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"{app}.{action}_{model}", is_admin_lsp)


@rules.predicate
def is_self(user, other) -> bool:
    """``other`` is the user, or something of the user's (a profile)."""
    return other is not None and user.is_authenticated and getattr(other, "user", other) == user


# A candidate's personal data: the person and LSP management (and, with cases, their assigned assessor).
rules.add_perm("accounts.view_applicantprofile", is_self | is_lsp_management)
rules.add_perm("accounts.change_applicantprofile", is_self | is_admin_lsp)
# Deciding whose an NIK given by two accounts is: the admin LSP only, never the candidate.
rules.add_perm("accounts.resolve_nik", is_admin_lsp)
# The full NIK or passport number (UU PDP): the person, and the admin LSP who verifies the application,
# records the BNSP blanko and files FR.APL.01. Everyone else who may see the profile sees it masked.
rules.add_perm("accounts.view_full_identity", is_self | is_admin_lsp)

# The core tables, by role (core itself knows no roles: it imports no domain app).
rules.add_perm("core.view_lspprofile", is_lsp_management)
rules.add_perm("core.change_lspprofile", is_admin_lsp)
rules.add_perm("core.view_auditevent", is_lsp_management)
# Background tasks (django-tasks-db): the LSP administrator can see them in the admin.
rules.add_perm("django_tasks_database.view_dbtaskresult", is_admin_lsp)
