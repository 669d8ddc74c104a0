from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from kompeten.core.audit import audit_log
from kompeten.core.models import LspProfile

LSP_PROFILE_FIELDS = (
    "name",
    "bnsp_licence_number",
    "licence_valid_until",
    "address",
    "phone",
    "email",
    "website",
    "logo",
    "head_name",
    "head_title",
)


def require_perm(actor, perm: str, obj=None) -> None:
    """Services check permissions themselves; ``actor=None`` is the system (commands, scheduled jobs)."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def lsp_profile_update(*, actor, **fields) -> LspProfile:
    require_perm(actor, "core.change_lspprofile")
    unknown = set(fields) - set(LSP_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not LSP profile fields: {sorted(unknown)}")
    profile = LspProfile.current()
    changed = sorted(name for name, value in fields.items() if getattr(profile, name) != value)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_log(actor=actor, code="kompeten.lsp_profile.updated", obj=profile, data={"fields": changed})
    return profile


@transaction.atomic
def object_save_from_admin(*, actor, obj: models.Model, created: bool, changed_fields: list[str]) -> None:
    """A save made in the Django admin, recorded in the audit log (the admin checked the permission)."""
    obj.save()
    audit_log(
        actor=actor,
        code="kompeten.admin.created" if created else "kompeten.admin.changed",
        obj=obj,
        data={"fields": changed_fields},
    )


@transaction.atomic
def object_delete_from_admin(*, actor, obj: models.Model) -> None:
    audit_log(actor=actor, code="kompeten.admin.deleted", obj=obj)
    obj.delete()


@transaction.atomic
def formset_save_from_admin(*, actor, parent: models.Model, formset) -> None:
    """Inline rows (elements of a unit, KUK of an element) saved in the admin, recorded on their parent."""
    formset.save()
    changes = {
        "added": [str(obj) for obj in formset.new_objects],
        "changed": [str(obj) for obj, _fields in formset.changed_objects],
        "deleted": [str(obj) for obj in formset.deleted_objects],
    }
    if any(changes.values()):
        audit_log(
            actor=actor,
            code="kompeten.admin.changed",
            obj=parent,
            data={"inline": formset.model._meta.model_name, **changes},
        )
