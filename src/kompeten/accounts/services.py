import datetime
from collections.abc import Iterable

from django.db import transaction

from kompeten.accounts.models import STAFF_ROLES, AssessorProfile, Role, RoleAssignment, User
from kompeten.core.audit import audit_log
from kompeten.core.services import require_perm


@transaction.atomic
def user_create(
    *, actor, email: str, password: str | None = None, full_name: str = "", roles: Iterable[Role] = ()
) -> User:
    require_perm(actor, "accounts.add_user")
    user = User(email=email, full_name=full_name)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(actor=actor, code="kompeten.user.created", obj=user)
    user_set_roles(actor=actor, user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, actor, user: User, roles: Iterable[Role]) -> None:
    """Give ``user`` exactly ``roles``; admin-site access follows the staff roles."""
    require_perm(actor, "accounts.change_user", user)
    wanted = {Role(role) for role in roles}
    held = set(user.role_assignments.values_list("role", flat=True))
    user.role_assignments.exclude(role__in=wanted).delete()
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=role) for role in wanted - held)
    is_staff = user.is_superuser or bool(wanted & STAFF_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("role_codes", None)
    if wanted != held:
        audit_log(
            actor=actor,
            code="kompeten.user.roles_changed",
            obj=user,
            data={"added": sorted(wanted - held), "removed": sorted(held - wanted)},
        )


@transaction.atomic
def assessor_profile_set(
    *, actor, user: User, met_number: str, licence_expires_on: datetime.date
) -> AssessorProfile:
    require_perm(actor, "accounts.change_assessorprofile")
    profile = AssessorProfile.objects.filter(user=user).first() or AssessorProfile(user=user)
    profile.met_number = met_number.strip()
    profile.licence_expires_on = licence_expires_on
    profile.full_clean()
    profile.save()
    audit_log(
        actor=actor,
        code="kompeten.assessor_profile.set",
        obj=user,
        data={"met_number": profile.met_number, "licence_expires_on": licence_expires_on.isoformat()},
    )
    return profile
