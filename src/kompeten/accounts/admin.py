from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from kompeten.accounts.models import AssessorProfile, Role, User
from kompeten.accounts.services import user_set_roles
from kompeten.core.admin import AuditedModelAdmin
from kompeten.core.notify import no_line_breaks

# Kompeten's roles replace Django's groups.
admin.site.unregister(Group)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Role.choices, required=False, label=_("roles"), **kwargs)


class OneLineNameMixin:
    """A name reaches mail headers: one line only."""

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        no_line_breaks(name)
        return name


class UserCreateForm(OneLineNameMixin, AdminUserCreationForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(OneLineNameMixin, UserChangeForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = ("email", "full_name", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_codes)


class AssessorProfileInline(admin.StackedInline):
    model = AssessorProfile
    can_delete = False
    extra = 0
    max_num = 1
    filter_horizontal = ["schemes"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    change_form_template = "admin/kompeten_change_form.html"
    ordering = ["email"]
    list_display = ["email", "full_name", "role_list", "is_active"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    inlines = [AssessorProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Roles"), {"fields": ["roles", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2", "roles"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("roles"))
    def role_list(self, user: User) -> str:
        return ", ".join(str(Role(assignment.role).label) for assignment in user.role_assignments.all())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_set_roles(actor=request.user, user=form.instance, roles=form.cleaned_data.get("roles", []))
