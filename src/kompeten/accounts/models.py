import datetime
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does at the LSP. One user may hold several roles."""

    ADMIN_LSP = "admin_lsp", _("LSP administrator")
    MANAJER_SERTIFIKASI = "manajer_sertifikasi", _("Certification manager")
    KOMITE_TEKNIS = "komite_teknis", _("Technical committee")
    ASESOR = "asesor", _("Assessor")
    ASESI = "asesi", _("Candidate")
    ADMIN_TUK = "admin_tuk", _("TUK administrator")

    @property
    def slug(self) -> str:
        """The role as it appears in URLs: ``/dasbor/admin-lsp/``."""
        return self.value.replace("_", "-")


# Roles that work in the Django admin; everyone else uses the role dashboards only.
STAFF_ROLES = frozenset({Role.ADMIN_LSP, Role.MANAJER_SERTIFIKASI})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Set from the roles: LSP administrators and managers."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Addresses are stored in lower case, so uniqueness holds whatever case people type.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    @property
    def roles(self) -> list[Role]:
        """The roles held, in the order of ``Role``."""
        return [role for role in Role if role in self.role_codes]

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_codes

    def has_any_role(self, *roles: str) -> bool:
        return self.is_active and not self.role_codes.isdisjoint(roles)

    @property
    def works_for_the_lsp(self) -> bool:
        """Holds a role other than candidate: staff, who sign in with a second factor."""
        return self.is_active and bool(self.role_codes - {Role.ASESI})


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="role_assignment_known_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class AssessorProfile(models.Model):
    """An asesor's BNSP registration: the MET number and until when the licence holds."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="assessor_profile")
    met_number = models.CharField(
        _("MET registration number"),
        max_length=40,
        unique=True,
        help_text=_("For example MET.000.001234 2024"),
    )
    licence_expires_on = models.DateField(_("licence valid until"))
    schemes = models.ManyToManyField(
        "schemes.Scheme",
        verbose_name=_("schemes in scope"),
        blank=True,
        related_name="+",
        help_text=_("The schemes this assessor may assess (any version with the same scheme number)."),
    )

    class Meta:
        verbose_name = _("assessor profile")
        verbose_name_plural = _("assessor profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.met_number})"

    def licence_is_valid(self, on: datetime.date | None = None) -> bool:
        return self.licence_expires_on >= (on or timezone.localdate())


class Nationality(models.TextChoices):
    WNI = "WNI", _("Indonesian citizen (WNI)")
    WNA = "WNA", _("Foreign citizen (WNA)")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", _("SMA / SMK")
    D1 = "D1", "D1"
    D2 = "D2", "D2"
    D3 = "D3", "D3"
    D4 = "D4", _("D4 / S1 terapan")
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


class ApplicantProfile(models.Model):
    """What FR.APL.01 part 1 asks of a candidate. The NIK and passport number are encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="applicant_profile")
    nationality = models.CharField(_("nationality"), max_length=3, choices=Nationality.choices, default="WNI")
    nik_encrypted = models.TextField(blank=True)
    nik_masked = models.CharField(_("NIK"), max_length=16, blank=True)
    nik_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The NIK given is already another account's: kept (encrypted) without its digest until the LSP decides
    # whose it is. The candidate is told nothing different, so that registering reveals no one's NIK.
    nik_pending = models.BooleanField(_("NIK awaiting the LSP's check"), default=False)
    passport_encrypted = models.TextField(blank=True)
    passport_masked = models.CharField(_("passport number"), max_length=40, blank=True)
    province = models.CharField(_("province of the ID card (KTP)"), max_length=2, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    address = models.TextField(_("home address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    last_education = models.CharField(
        _("last education"), max_length=3, choices=Education.choices, blank=True
    )
    employer = models.CharField(_("employer / institution"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    employer_address = models.TextField(_("employer address"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def nik(self) -> str:
        from kompeten.core.crypto import decrypt

        return decrypt(self.nik_encrypted)

    @property
    def passport_number(self) -> str:
        from kompeten.core.crypto import decrypt

        return decrypt(self.passport_encrypted)

    @property
    def is_complete(self) -> bool:
        identity = self.nik_encrypted if self.nationality == Nationality.WNI else self.passport_encrypted
        required = [
            identity,
            self.place_of_birth,
            self.date_of_birth,
            self.sex,
            self.address,
            self.phone,
            self.last_education,
        ]
        return all(required) and bool(self.user.full_name)


class PersonalDataConsent(models.Model):
    """Consent to the processing of personal data (UU PDP 27/2022), with the exact text agreed to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    text = models.TextField(_("text agreed to"))
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("personal data consent")
        verbose_name_plural = _("personal data consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.given_at:%Y-%m-%d %H:%M}"
