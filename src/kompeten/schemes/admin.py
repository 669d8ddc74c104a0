from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kompeten.core.admin import AuditedModelAdmin, LinesFieldsMixin
from kompeten.core.errors import DomainError
from kompeten.schemes import services
from kompeten.schemes.models import Scheme, SchemeEvidence, SchemeMethod, SchemeRequirement, SchemeUnit


class SchemeUnitInline(admin.TabularInline):
    model = SchemeUnit
    fields = ["order", "unit"]
    autocomplete_fields = ["unit"]
    extra = 0


class SchemeRequirementInline(admin.TabularInline):
    model = SchemeRequirement
    fields = ["order", "text"]
    extra = 0


class SchemeEvidenceInline(admin.TabularInline):
    model = SchemeEvidence
    fields = ["kind", "order", "text"]
    extra = 0


class SchemeMethodInline(LinesFieldsMixin, admin.TabularInline):
    model = SchemeMethod
    fields = ["order", "candidates", "methods"]
    lines_fields = ("methods",)
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(AuditedModelAdmin):
    list_display = ["title", "code", "version", "kind", "kkni_level", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "code"]
    readonly_fields = ["status"]
    lines_fields = ("rights", "obligations")
    inlines = [SchemeUnitInline, SchemeRequirementInline, SchemeEvidenceInline, SchemeMethodInline]
    actions = ["activate", "retire"]
    fieldsets = [
        (None, {"fields": ["code", "version", "title", "kind", "kkni_level", "status", "description"]}),
        (_("Certificate"), {"fields": ["validity_years", "fee", "fee_note"]}),
        (_("Rights and obligations"), {"fields": ["rights", "obligations"]}),
    ]

    def _run(self, request, queryset, service, done_message):
        for scheme in queryset:
            try:
                service(actor=request.user, scheme=scheme)
            except DomainError as error:
                self.message_user(request, f"{scheme}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{scheme}: {done_message}", messages.SUCCESS)

    @admin.action(description=_("Activate the selected schemes"), permissions=["activate"])
    def activate(self, request, queryset):
        self._run(request, queryset, services.scheme_activate, _("activated"))

    @admin.action(description=_("Retire the selected schemes"), permissions=["activate"])
    def retire(self, request, queryset):
        self._run(request, queryset, services.scheme_retire, _("retired"))

    def has_activate_permission(self, request):
        return request.user.has_perm("schemes.activate_scheme")
