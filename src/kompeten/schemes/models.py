from django.db import models
from django.utils.translation import gettext_lazy as _

from kompeten.standards.models import Unit


class SchemeKind(models.TextChoices):
    KKNI = "kkni", "KKNI"
    OKUPASI = "okupasi", _("Occupation (Okupasi)")
    KLASTER = "klaster", _("Cluster (Klaster)")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class SchemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=SchemeStatus.ACTIVE)


class Scheme(models.Model):
    """A skema sertifikasi: which units a certificate covers and what an applicant must bring.

    A scheme code may have several versions; at most one of them is active.
    """

    code = models.CharField(_("scheme number"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices)
    kkni_level = models.PositiveSmallIntegerField(_("KKNI level"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    validity_years = models.PositiveSmallIntegerField(_("certificate validity (years)"), default=3)
    rights = models.JSONField(_("applicant rights"), default=list, blank=True)
    obligations = models.JSONField(_("holder obligations"), default=list, blank=True)
    fee = models.DecimalField(_("fee (Rp)"), max_digits=12, decimal_places=0, null=True, blank=True)
    fee_note = models.CharField(_("fee note"), max_length=300, blank=True)
    units = models.ManyToManyField(
        Unit, through="SchemeUnit", related_name="schemes", verbose_name=_("units")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification scheme")
        verbose_name_plural = _("certification schemes")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scheme_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(status="active"), name="scheme_one_active_version"
            ),
            models.CheckConstraint(
                condition=models.Q(kkni_level__isnull=True) | models.Q(kkni_level__gte=1, kkni_level__lte=9),
                name="scheme_kkni_level_1_to_9",
                violation_error_message=_("The KKNI level is a number from 1 to 9."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="kkni") | models.Q(kkni_level__isnull=False),
                name="scheme_kkni_needs_level",
                violation_error_message=_("A KKNI scheme needs its KKNI level."),
            ),
            models.CheckConstraint(
                condition=models.Q(validity_years__gte=1),
                name="scheme_validity_positive",
                violation_error_message=_("A certificate is valid for at least one year."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SchemeStatus.values), name="scheme_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class SchemeUnit(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scheme_units")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("scheme unit")
        verbose_name_plural = _("scheme units")
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit"], name="scheme_unit_once"),
            models.UniqueConstraint(fields=["scheme", "order"], name="scheme_unit_order_unique"),
            models.CheckConstraint(condition=models.Q(order__gte=1), name="scheme_unit_order_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.unit}"


class SchemeRequirement(models.Model):
    """A basic requirement (persyaratan dasar) the applicant must meet."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField(_("requirement"))
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("basic requirement")
        verbose_name_plural = _("basic requirements")
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "order"], name="scheme_requirement_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class EvidenceKind(models.TextChoices):
    BASIC = "basic", _("Basic evidence")
    ADMINISTRATIVE = "administrative", _("Administrative evidence")


class SchemeEvidence(models.Model):
    """A document the applicant uploads with FR.APL.01."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    text = models.TextField(_("evidence"))
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("required evidence")
        verbose_name_plural = _("required evidence")
        ordering = ["scheme", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "order"], name="scheme_evidence_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class SchemeMethod(models.Model):
    """Assessment methods for one kind of candidate (e.g. experienced / inexperienced)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="methods")
    candidates = models.CharField(_("candidates"), max_length=300)
    methods = models.JSONField(_("methods"), default=list)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "order"], name="scheme_method_order_unique")]

    def __str__(self) -> str:
        return self.candidates
