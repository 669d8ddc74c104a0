from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kompeten.core.admin import AuditedModelAdmin
from kompeten.standards.models import Criterion, Element, Standard, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ["code", "title"]
    readonly_fields = ["code", "title"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Standard)
class StandardAdmin(AuditedModelAdmin):
    list_display = ["__str__", "title", "enacted_on", "sector"]
    search_fields = ["title", "number", "sector"]
    list_filter = ["year"]
    inlines = [UnitInline]


class ElementInline(admin.TabularInline):
    model = Element
    fields = ["order", "number", "title", "criteria_link"]
    readonly_fields = ["criteria_link"]
    extra = 0

    @admin.display(description=_("KUK"))
    def criteria_link(self, element: Element):
        if not element.pk:
            return "—"
        url = reverse("admin:standards_element_change", args=[element.pk])
        return format_html('<a href="{}">{}</a>', url, _("%(n)s KUK") % {"n": element.criteria.count()})


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["code", "title", "standard"]
    search_fields = ["code", "code_printed", "title"]
    list_filter = ["standard"]
    list_select_related = ["standard"]
    autocomplete_fields = ["prerequisites"]
    lines_fields = ("knowledge", "skills", "attitudes", "critical_aspects")
    inlines = [ElementInline]
    fieldsets = [
        (None, {"fields": ["standard", "code", "code_printed", "title", "description"]}),
        (
            _("Assessment guide (panduan penilaian)"),
            {"fields": ["prerequisites", "knowledge", "skills", "attitudes", "critical_aspects"]},
        ),
        (_("Range of variables (batasan variabel)"), {"fields": ["variables"]}),
    ]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["order", "number", "text"]
    extra = 0


@admin.register(Element)
class ElementAdmin(AuditedModelAdmin):
    list_display = ["__str__", "unit"]
    search_fields = ["title", "unit__code", "unit__title"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [CriterionInline]
