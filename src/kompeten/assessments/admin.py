from django.contrib import admin

from kompeten.assessments.models import AssessmentSession, AssessorRelationship, Tuk, TukVerification
from kompeten.core.admin import AuditedModelAdmin


class TukVerificationInline(admin.TabularInline):
    model = TukVerification
    fields = ["scheme_code", "verified_on", "valid_until", "verified_by", "notes"]
    autocomplete_fields = ["verified_by"]
    extra = 0


@admin.register(Tuk)
class TukAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "time_zone", "contact_name"]
    list_filter = ["kind", "time_zone"]
    search_fields = ["name", "address"]
    filter_horizontal = ["admins"]
    inlines = [TukVerificationInline]


@admin.register(AssessorRelationship)
class AssessorRelationshipAdmin(AuditedModelAdmin):
    list_display = ["asesor", "kind", "name", "person", "declared_at"]
    list_filter = ["kind"]
    search_fields = ["asesor__full_name", "name"]
    autocomplete_fields = ["asesor", "person"]


@admin.register(AssessmentSession)
class AssessmentSessionAdmin(admin.ModelAdmin):
    """Read-only here: sessions are planned on their own pages, where impartiality is checked."""

    list_display = ["reference", "scheme", "tuk", "starts_at", "quota", "status"]
    list_filter = ["status", "tuk"]
    search_fields = ["reference", "scheme__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
