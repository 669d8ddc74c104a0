from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from kompeten.accounts.models import ApplicantProfile, AssessorProfile, Role, User
from kompeten.accounts.services import applicant_nik_confirm, applicant_nik_refuse, user_set_roles
from kompeten.core.admin import AuditedModelAdmin
from kompeten.core.errors import DomainError
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


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    """Candidates' profiles, read only; the queue of NIKs given by two accounts (filter "NIK awaiting the
    LSP's check"), each resolved by an action once the LSP has seen the KTP."""

    list_display = ["user", "nik_masked", "nik_pending", "updated_at"]
    list_filter = ["nik_pending", "nationality"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "nationality", "nik_masked", "nik_pending", "passport_masked", "province", "updated_at"]
    readonly_fields = fields
    actions = ["confirm_nik", "refuse_nik"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _resolve(self, request, queryset, service, done):
        for profile in queryset:
            try:
                service(actor=request.user, profile=profile)
            except DomainError as error:
                self.message_user(request, f"{profile}: {error.message}", level="error")
            else:
                self.message_user(request, f"{profile}: {done}")

    @admin.action(
        permissions=["change"], description=_("The pending NIK is this candidate's (checked against the KTP)")
    )
    def confirm_nik(self, request, queryset):
        self._resolve(request, queryset, applicant_nik_confirm, _("NIK confirmed."))

    @admin.action(permissions=["change"], description=_("The pending NIK is not this candidate's: remove it"))
    def refuse_nik(self, request, queryset):
        self._resolve(
            request, queryset, applicant_nik_refuse, _("NIK removed; the candidate is asked for theirs.")
        )
