import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VARIABLE_KEYS = ("context", "tools", "equipment", "regulations", "norms", "standards")


def empty_variables() -> dict:
    return {key: [] for key in VARIABLE_KEYS}


class Standard(models.Model):
    """An SKKNI decree (Keputusan Menteri Ketenagakerjaan) that enacts units of competency."""

    number = models.PositiveIntegerField(_("decree number"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.TextField(_("title"))
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    enacted_on = models.DateField(_("date enacted"), null=True, blank=True)
    replaces = models.TextField(_("replaces decree"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SKKNI standard")
        verbose_name_plural = _("SKKNI standards")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "year"], name="standard_number_year_unique"),
            models.CheckConstraint(condition=models.Q(year__gte=1945), name="standard_year_plausible"),
        ]

    def __str__(self) -> str:
        return _("SKKNI No. %(number)s Year %(year)s") % {"number": self.number, "year": self.year}


class UnitQuerySet(models.QuerySet):
    def current(self):
        """The newest version of every unit code (and every provisional unit)."""
        newer = Unit.objects.filter(code=models.OuterRef("code"), version__gt=models.OuterRef("version"))
        return self.filter(~models.Exists(newer))


class Unit(models.Model):
    """A unit of competency: the smallest thing a certificate can attest.

    Units are versioned: re-importing a standard whose unit changed adds a new version, so schemes and
    cases built on the old one keep it. A provisional unit is one an LSP form named without a code that
    could not be matched to a known unit; it has no code until someone resolves it.
    """

    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="units",
        null=True,
        blank=True,
    )
    code = models.CharField(
        _("unit code"), max_length=40, null=True, blank=True, help_text=_("Normalised, e.g. M.70MKT00.025.2")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Named without a code and not yet matched to a known unit."),
    )
    code_printed = models.CharField(_("code as printed"), max_length=60, blank=True)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisite units"),
        symmetrical=False,
        blank=True,
        related_name="required_by",
    )
    # Batasan variabel: lists of texts under the keys of VARIABLE_KEYS.
    variables = models.JSONField(
        _("range of variables (batasan variabel)"), default=empty_variables, blank=True
    )
    # Panduan penilaian: ordered lists of texts.
    knowledge = models.JSONField(_("required knowledge"), default=list, blank=True)
    skills = models.JSONField(_("required skills"), default=list, blank=True)
    attitudes = models.JSONField(_("required attitudes"), default=list, blank=True)
    critical_aspects = models.JSONField(_("critical aspects"), default=list, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit of competency")
        verbose_name_plural = _("units of competency")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unit_code_version_unique"),
            models.CheckConstraint(
                condition=models.Q(is_provisional=True, code__isnull=True)
                | models.Q(is_provisional=False, code__isnull=False) & ~models.Q(code=""),
                name="unit_has_code_unless_provisional",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="unit_version_positive"),
        ]

    def __str__(self) -> str:
        code = self.code or _("(provisional)")
        return f"{code} {self.title}" if self.version == 1 else f"{code} v{self.version} {self.title}"


class Element(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="elements")
    number = models.CharField(_("number as printed"), max_length=20)
    title = models.TextField(_("title"))
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["unit", "order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "order"], name="element_order_unique_in_unit"),
            models.CheckConstraint(condition=models.Q(order__gte=1), name="element_order_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A performance criterion (KUK, kriteria unjuk kerja) of an element."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(_("number as printed"), max_length=20)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("performance criterion (KUK)")
        verbose_name_plural = _("performance criteria (KUK)")
        ordering = ["element", "order"]
        constraints = [
            models.UniqueConstraint(fields=["element", "order"], name="criterion_order_unique_in_element"),
            models.CheckConstraint(condition=models.Q(order__gte=1), name="criterion_order_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be read")
    PARSING = "parsing", _("Being read")
    PARSED = "parsed", _("Ready to check")
    FAILED = "failed", _("Could not be read")
    IMPORTED = "imported", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")


def import_upload_path(job: "ImportJob", filename: str) -> str:
    # The stored name never comes from the uploader: the original name is kept in the row only.
    return f"imports/{job.created_at:%Y/%m}/{uuid.uuid4().hex}.bin"


class ImportJob(models.Model):
    """A document uploaded for import: read in the background, checked by a person, then confirmed."""

    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(_("format"), max_length=10)
    requested_kind = models.CharField(_("requested kind"), max_length=20, default="auto")
    kind = models.CharField(_("document kind"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    document = models.JSONField(_("parsed document"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    standard = models.ForeignKey(Standard, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_jobs"
    )

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="import_progress_percent"),
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.PARSING)
