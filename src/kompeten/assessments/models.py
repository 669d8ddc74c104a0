import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.cases.models import Case
from kompeten.schemes.models import Scheme


class TukKind(models.TextChoices):
    SEWAKTU = "sewaktu", _("Temporary (Sewaktu)")
    TEMPAT_KERJA = "tempat_kerja", _("Workplace (Tempat Kerja)")
    MANDIRI = "mandiri", _("Independent (Mandiri)")


class TukTimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


class Tuk(models.Model):
    """A competency assessment site (Tempat Uji Kompetensi)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TukKind.choices)
    address = models.TextField(_("address"))
    time_zone = models.CharField(
        _("time zone"), max_length=20, choices=TukTimeZone.choices, default=TukTimeZone.WIB
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("TUK administrators"), blank=True, related_name="tuks"
    )

    class Meta:
        verbose_name = _("assessment site (TUK)")
        verbose_name_plural = _("assessment sites (TUK)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_label(self) -> str:
        return TukTimeZone(self.time_zone).label


class TukVerification(models.Model):
    """An assessor's verification that the TUK can host a scheme, valid until a date."""

    tuk = models.ForeignKey(Tuk, on_delete=models.CASCADE, related_name="verifications")
    scheme_code = models.CharField(_("scheme number"), max_length=100)
    verified_on = models.DateField(_("verified on"))
    valid_until = models.DateField(_("valid until"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("TUK verification")
        verbose_name_plural = _("TUK verifications")
        ordering = ["-verified_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("verified_on")),
                name="tuk_verification_valid_after_done",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tuk} — {self.scheme_code}"


class RelationshipKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    INSTITUTION = "institution", _("Institution")
    TRAINED = "trained", _("Person I trained")
    OTHER = "other", _("Other relationship")


class AssessorRelationship(models.Model):
    """A relationship an assessor declared (Kode Etik asesor point 7): who they may not assess."""

    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relationships"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    name = models.CharField(_("name (person, employer or institution)"), max_length=200)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person (if registered)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("declared relationship")
        verbose_name_plural = _("declared relationships")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class AssessmentSession(models.Model):
    """A jadwal: one scheme assessed at one TUK at a time, by its assessors, for its participants."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="sessions"
    )
    tuk = models.ForeignKey(Tuk, verbose_name=_("TUK"), on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    quota = models.PositiveSmallIntegerField(_("quota"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment session (jadwal)")
        verbose_name_plural = _("assessment sessions (jadwal)")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="session_quota_positive"),
        ]

    def __str__(self) -> str:
        return self.reference


class SessionAssessor(models.Model):
    """An assessor of a session, with the conflict-of-interest declaration made on accepting the assignment."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="assessors")
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_assignments"
    )
    declaration = models.TextField(_("conflict-of-interest declaration"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "asesor"], name="session_assessor_once")]

    def __str__(self) -> str:
        return f"{self.session} — {self.asesor}"


class Participant(models.Model):
    """A candidate's case in a session, with the assessor who assesses it."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="participants")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="participant")
    asesor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reassignment_reason = models.TextField(_("reason the assessor was changed"), blank=True)

    class Meta:
        ordering = ["session", "case__asesi__full_name"]

    def __str__(self) -> str:
        return f"{self.session} — {self.case}"
