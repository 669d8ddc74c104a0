import datetime
import hashlib
import hmac
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from kompeten.accounts.identity import mask
from kompeten.accounts.models import (
    STAFF_ROLES,
    ApplicantProfile,
    AssessorProfile,
    Nationality,
    PersonalDataConsent,
    Role,
    RoleAssignment,
    User,
)
from kompeten.accounts.selectors import lsp_admins
from kompeten.core.audit import audit_log
from kompeten.core.crypto import encrypt
from kompeten.core.errors import DomainError
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
    # The LSP vouches for the addresses it enters itself: they need no verification link.
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
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


@transaction.atomic
def applicant_onboard(*, user: User, full_name: str, consent_text: str) -> None:
    """A person who registered themselves becomes an asesi, with their consent to data processing recorded."""
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    RoleAssignment.objects.get_or_create(user=user, role=Role.ASESI)
    user.__dict__.pop("role_codes", None)
    ApplicantProfile.objects.get_or_create(user=user)
    consent = PersonalDataConsent.objects.create(user=user, text=consent_text)
    audit_log(actor=user, code="kompeten.applicant.registered", obj=user, data={"consent": consent.pk})


def nik_digest(nik: str) -> str:
    """A keyed digest of the NIK: it keeps NIKs unique without storing them in the clear."""
    return hmac.new(settings.KOMPETEN_FIELD_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()


PROFILE_CONFLICT = gettext_lazy(
    "Your profile was changed somewhere else at the same time. Open it again and save."
)


def _nik_holder(digest: str | None, user: User) -> ApplicantProfile | None:
    if not digest:
        return None
    return (
        ApplicantProfile.objects.exclude(user=user).filter(nik_digest=digest).select_related("user").first()
    )


def _tell_the_lsp_of_a_shared_nik(*, profile: ApplicantProfile) -> None:
    from django.urls import reverse

    from kompeten.core.notify import notify

    audit_log(actor=None, code="kompeten.applicant.nik_pending", obj=profile.user)
    text = gettext_lazy("%(name)s gave an NIK already registered to another account: check whose it is.") % {
        "name": profile.user.full_name or profile.user.email
    }
    link = reverse("admin:accounts_applicantprofile_change", args=[profile.pk])
    for staff in lsp_admins():
        notify(staff, text, link)


@transaction.atomic
def applicant_profile_update(
    *, actor, user: User, full_name: str, nik: str = "", passport_number: str = "", **fields
):
    """Save a candidate's profile; the identity numbers are encrypted, and the audit log names fields only.

    An NIK that another account already holds is saved as pending (``nik_pending``) and the LSP's admins are
    told; the candidate sees the same answer as for any NIK, so that nobody learns whether an NIK is known.
    """
    if actor is not None and actor != user:
        require_perm(actor, "accounts.change_applicantprofile", user)
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first() or ApplicantProfile(
        user=user
    )
    nik, passport_number = nik.strip(), passport_number.strip()
    if fields.get("nationality") == Nationality.WNA:
        nik = ""
    else:
        passport_number = ""
    digest = nik_digest(nik) if nik else None
    was_pending = profile.nik_pending and profile.nik == nik
    shared = bool(digest) and (was_pending or _nik_holder(digest, user) is not None)
    changed = sorted(name for name, value in fields.items() if getattr(profile, name) != value)
    if profile.nik_digest != digest and not (shared and was_pending):
        changed.append("nik")
    if passport_number != (profile.passport_number if profile.pk else ""):
        changed.append("passport_number")
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.nik_encrypted, profile.nik_masked = encrypt(nik), mask(nik)
    profile.nik_digest, profile.nik_pending = (None, True) if shared else (digest, False)
    profile.passport_encrypted, profile.passport_masked = encrypt(passport_number), mask(passport_number, 2)
    profile.full_clean(exclude=["nik_digest"])
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves this transaction usable
            profile.save()
    except IntegrityError:
        if not (digest and _nik_holder(digest, user) is not None):
            raise DomainError(PROFILE_CONFLICT) from None
        # Another account saved the same NIK a moment earlier: the same as having found it above.
        shared = True
        profile.nik_digest, profile.nik_pending = None, True
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError:
            raise DomainError(PROFILE_CONFLICT) from None
    if shared and not was_pending:
        _tell_the_lsp_of_a_shared_nik(profile=profile)
    if user.full_name != full_name.strip():
        user.full_name = full_name.strip()
        user.save(update_fields=["full_name"])
        changed.append("full_name")
    audit_log(
        actor=actor, code="kompeten.applicant.profile_updated", obj=user, data={"fields": sorted(changed)}
    )
    return profile


NIK_NOT_PENDING = gettext_lazy("This profile has no NIK waiting for the LSP's check.")


@transaction.atomic
def applicant_nik_confirm(*, actor, profile: ApplicantProfile) -> ApplicantProfile:
    """The LSP has checked (say, against the KTP) that a pending NIK is this candidate's: it becomes theirs,
    and the account that held it until now waits for the LSP's check in turn."""
    require_perm(actor, "accounts.resolve_nik", profile)
    profile = ApplicantProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if not profile.nik_pending:
        raise DomainError(NIK_NOT_PENDING)
    digest = nik_digest(profile.nik)
    former = ApplicantProfile.objects.select_for_update().filter(nik_digest=digest).first()
    if former is not None:
        former.nik_digest, former.nik_pending = None, True
        former.save(update_fields=["nik_digest", "nik_pending", "updated_at"])
        audit_log(actor=actor, code="kompeten.applicant.nik_pending", obj=former.user)
    profile.nik_digest, profile.nik_pending = digest, False
    profile.save(update_fields=["nik_digest", "nik_pending", "updated_at"])
    audit_log(actor=actor, code="kompeten.applicant.nik_confirmed", obj=profile.user)
    return profile


@transaction.atomic
def applicant_nik_refuse(*, actor, profile: ApplicantProfile) -> ApplicantProfile:
    """The LSP has found that a pending NIK is not this candidate's: it is removed and they are asked for
    their own."""
    from kompeten.core.notify import notify

    require_perm(actor, "accounts.resolve_nik", profile)
    profile = ApplicantProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if not profile.nik_pending:
        raise DomainError(NIK_NOT_PENDING)
    profile.nik_encrypted, profile.nik_masked, profile.nik_digest, profile.nik_pending = "", "", None, False
    profile.save(update_fields=["nik_encrypted", "nik_masked", "nik_digest", "nik_pending", "updated_at"])
    audit_log(actor=actor, code="kompeten.applicant.nik_refused", obj=profile.user)
    from django.urls import reverse

    notify(
        profile.user,
        gettext_lazy("The LSP could not confirm the NIK in your profile. Enter the NIK on your own KTP."),
        reverse("accounts:applicant_profile"),
    )
    return profile


@transaction.atomic
def personal_data_correction_request(*, actor: User, text: str) -> None:
    """A person asks the LSP to correct their data (UU PDP: the right to correction); the admin LSP is told
    and the request is kept in the audit log of the person's account."""
    from django.urls import reverse

    from kompeten.core.notify import notify

    text = text.strip()[:2000]
    if not text:
        raise DomainError(gettext_lazy("Write what is wrong and what it should be."))
    audit_log(actor=actor, code="kompeten.applicant.correction_requested", obj=actor, data={"text": text})
    message = gettext_lazy("%(name)s asks the LSP to correct their data: %(text)s") % {
        "name": actor.full_name or actor.email,
        "text": text,
    }
    for staff in lsp_admins():
        notify(staff, message, reverse("admin:accounts_user_change", args=[actor.pk]))
