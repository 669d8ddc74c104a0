from django.contrib import admin
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kompeten.core.audit import audit_events_for
from kompeten.core.forms import LinesField
from kompeten.core.models import AuditEvent, LspProfile
from kompeten.core.services import formset_save_from_admin, object_delete_from_admin, object_save_from_admin

LINES_HELP = _("One item per line.")


class LinesFieldsMixin:
    """JSON fields named in ``lines_fields`` hold ordered lists of texts, edited one item per line."""

    lines_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.lines_fields:
            return LinesField(
                label=capfirst(db_field.verbose_name), required=not db_field.blank, help_text=LINES_HELP
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AuditedModelAdmin(LinesFieldsMixin, admin.ModelAdmin):
    """Admin saves and deletes go through services that write audit events; the object's history shows."""

    change_form_template = "admin/kompeten_change_form.html"

    def save_model(self, request, obj, form, change):
        object_save_from_admin(
            actor=request.user, obj=obj, created=not change, changed_fields=list(form.changed_data)
        )

    def save_formset(self, request, form, formset, change):
        formset_save_from_admin(actor=request.user, parent=form.instance, formset=formset)

    def delete_model(self, request, obj):
        object_delete_from_admin(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            object_delete_from_admin(actor=request.user, obj=obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "events": audit_events_for(obj) if obj else []}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "code", "object_repr", "actor"]
    list_filter = ["code"]
    search_fields = ["code", "object_repr", "actor__email"]
    list_select_related = ["actor"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LspProfile)
class LspProfileAdmin(AuditedModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "bnsp_licence_number", "licence_valid_until", "head_name"]
    fieldsets = [
        (None, {"fields": ["name", "bnsp_licence_number", "licence_valid_until"]}),
        (_("Contact"), {"fields": ["address", "phone", "email", "website", "logo"]}),
        (_("Signatory"), {"fields": ["head_name", "head_title"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not LspProfile.objects.exists()

    def save_model(self, request, obj, form, change):
        obj.pk = LspProfile.SINGLETON_ID
        super().save_model(request, obj, form, change)
