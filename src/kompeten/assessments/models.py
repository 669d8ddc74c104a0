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
    plan = models.ForeignKey(
        "AssessmentPlan",
        verbose_name=_("FR.MAPA version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # FR.VA is led by a master assessor the LSP designates for the session, never one of its own assessors
    master_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("master assessor (FR.VA)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mastered_sessions",
    )

    class Meta:
        verbose_name = _("assessment session (jadwal)")
        verbose_name_plural = _("assessment sessions (jadwal)")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["-starts_at"], name="session_latest_first")]
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


class EvidenceMethod(models.TextChoices):
    """The kinds of evidence an assessment gathers (FR.AK.01, FR.AK.02)."""

    PORTFOLIO = "portofolio", _("Portfolio verification")
    OBSERVATION = "observasi", _("Direct observation")
    WRITTEN = "tertulis", _("Written test")
    ORAL = "lisan", _("Oral questions")
    INTERVIEW = "wawancara", _("Interview")
    THIRD_PARTY = "pihak_ketiga", _("Third-party report")
    PROJECT = "proyek", _("Project")
    OTHER = "lainnya", _("Other")


class Consent(models.Model):
    """FR.AK.01: what evidence will be gathered, when and where, and the three statements, confirmed by both."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="consent")
    methods = models.JSONField(_("evidence to gather"), default=list)
    agreed_time = models.DateTimeField(_("agreed day and time"))
    agreed_place = models.CharField(_("agreed place (TUK)"), max_length=300)
    asesor_confirmed_at = models.DateTimeField(null=True, blank=True)
    asesi_confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"FR.AK.01 {self.participant}"


class Adjustment(models.Model):
    """FR.AK.07 reasonable adjustments for one participant, agreed by the assessor and the candidate."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="adjustment")
    potential = models.PositiveSmallIntegerField(_("candidate potential (1-5)"))
    answers = models.JSONField(default=dict)  # item number → {"needed": bool, "note": str}
    agreed = models.TextField(_("adjustment agreed to the benchmark, method and instrument"), blank=True)
    asesor_signed_at = models.DateTimeField(null=True, blank=True)
    asesi_signed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"FR.AK.07 {self.participant}"


class InstrumentKind(models.TextChoices):
    IA01 = "IA.01", _("FR.IA.01 Observation checklist")
    IA02 = "IA.02", _("FR.IA.02 Practical task")
    IA03 = "IA.03", _("FR.IA.03 Questions supporting observation")
    IA04 = "IA.04", _("FR.IA.04 Project")
    IA05 = "IA.05", _("FR.IA.05 Multiple-choice written test")
    IA06 = "IA.06", _("FR.IA.06 Essay")
    IA07 = "IA.07", _("FR.IA.07 Oral questions")
    IA08 = "IA.08", _("FR.IA.08 Portfolio verification")
    IA09 = "IA.09", _("FR.IA.09 Interview")
    IA10 = "IA.10", _("FR.IA.10 Third-party verification")
    IA11 = "IA.11", _("FR.IA.11 Review of test material")


class Recommendation(models.TextChoices):
    K = "K", _("Competent (K)")
    BK = "BK", _("Not yet competent (BK)")


class InstrumentRecord(models.Model):
    """What one instrument recorded for one participant. ``fields`` maps a field key (``kuk:<id>``,
    ``note:<id>``, ``answer:<id>``…) to ``{"value": …, "v": version}``: each field is saved on its own with
    its own version, so two devices never overwrite each other's answers unnoticed."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField(_("instrument"), max_length=5, choices=InstrumentKind.choices)
    fields = models.JSONField(default=dict)
    recommendation = models.CharField(
        _("recommendation"), max_length=2, choices=Recommendation.choices, blank=True
    )
    feedback = models.TextField(_("feedback to the candidate"), blank=True)
    asesor_confirmed_at = models.DateTimeField(null=True, blank=True)
    asesi_confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="instrument_once_per_participant")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.participant}"

    def value(self, key: str, default=None):
        return (self.fields.get(key) or {}).get("value", default)

    def version(self, key: str) -> int:
        return (self.fields.get(key) or {}).get("v", 0)


class Question(models.Model):
    """A multiple-choice question of the FR.IA.05 bank, for one unit. The key never leaves the server."""

    unit = models.ForeignKey("standards.Unit", on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"))
    answer = models.PositiveSmallIntegerField(_("correct option (0 = first)"))
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("multiple-choice question")
        verbose_name_plural = _("multiple-choice questions")
        constraints = [
            models.CheckConstraint(condition=models.Q(answer__lte=9), name="question_answer_index")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class TestAttempt(models.Model):
    """A candidate's FR.IA.05 written test: opened by the assessor, timed and scored on the server."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="test")
    question_ids = models.JSONField(default=list)  # in the order this candidate sees them
    minutes = models.PositiveSmallIntegerField(default=60)
    pass_mark = models.PositiveSmallIntegerField(default=70)  # percent
    opened_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)  # question id → chosen option index
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent

    def __str__(self) -> str:
        return f"IA.05 {self.participant}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submitted_at is None and (self.deadline is None or now < self.deadline)


class AssessmentRecord(models.Model):
    """FR.AK.02: evidence obtained per unit, the recommendation K or BK with its reason, follow-up, signatures."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="record")
    evidence = models.JSONField(default=dict)  # unit id → list of EvidenceMethod values
    sufficient = models.JSONField(default=dict)  # unit id → bool
    suggested = models.CharField(max_length=2, choices=Recommendation.choices)
    recommendation = models.CharField(_("recommendation"), max_length=2, choices=Recommendation.choices)
    reason = models.TextField(_("reason for the recommendation"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    comments = models.TextField(_("assessor's comments"), blank=True)
    asesor_signed_at = models.DateTimeField(null=True, blank=True)
    asesi_signed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="ak02/%Y/%m/", blank=True)  # rendered in the background for filing

    def __str__(self) -> str:
        return f"FR.AK.02 {self.participant}"


class Feedback(models.Model):
    """FR.AK.03: the candidate's feedback on the assessment, item by item (Ya / Tidak with a comment)."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="feedback")
    answers = models.JSONField(default=dict)  # item number → {"yes": bool, "comment": str}
    note = models.TextField(_("other comments"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"FR.AK.03 {self.participant}"


class SessionReport(models.Model):
    """FR.AK.05: an assessor's report of a session: results per candidate and what to improve."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="reports")
    asesor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    positives = models.TextField(_("positive aspects"), blank=True)
    negatives = models.TextField(_("negative aspects"), blank=True)
    refusals = models.TextField(_("recorded refusals of the results"), blank=True)
    suggestions = models.TextField(_("suggestions for improvement"), blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "asesor"], name="session_report_once_per_assessor")
        ]

    def __str__(self) -> str:
        return f"FR.AK.05 {self.session} — {self.asesor}"


class ThirdPartyRequest(models.Model):
    """FR.IA.10: a one-time, expiring link for the candidate's workplace supervisor (no account needed)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="third_party_requests"
    )
    token = models.CharField(max_length=64, unique=True)
    supervisor_name = models.CharField(_("supervisor's name"), max_length=200)
    supervisor_email = models.EmailField(_("supervisor's email"))
    workplace = models.CharField(_("workplace"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"FR.IA.10 {self.participant} — {self.supervisor_name}"


class EvidenceType(models.TextChoices):
    DIRECT = "L", _("Direct (L)")
    INDIRECT = "TL", _("Indirect (TL)")
    SUPPLEMENTARY = "T", _("Supplementary (T)")


class PlanMethod(models.TextChoices):
    CL = "CL", _("CL observation checklist")
    DIT = "DIT", _("DIT structured task instructions")
    DPL = "DPL", _("DPL oral questions")
    DPT = "DPT", _("DPT written questions")
    VP = "VP", _("VP portfolio verification")
    CUP = "CUP", _("CUP product review checklist")
    PW = "PW", _("PW interview questions")


class AssessmentPlan(models.Model):
    """FR.MAPA.01 (the plan per KUK) and FR.MAPA.02 (the instrument map) of a scheme, in versions. A
    published version never changes; sessions keep the version they were planned with."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField()
    candidate_group = models.TextField(_("candidates (kandidat)"), blank=True)
    purpose = models.CharField(_("purpose of the assessment"), max_length=200, blank=True)
    context = models.TextField(
        _("context (real or simulated workplace, chances to gather evidence)"), blank=True
    )
    assessors = models.TextField(_("who assesses"), blank=True)
    benchmarks = models.TextField(_("benchmarks (SKKNI, specifications, guidelines)"), blank=True)
    consulted = models.TextField(_("people consulted"), blank=True)
    kuk_plans = models.JSONField(default=dict)  # KUK id → {"evidence": str, "types": [...], "methods": [...]}
    modifications = models.JSONField(default=dict)  # item number → {"present": bool, "text": str}
    instrument_map = models.JSONField(default=dict)  # instrument kind → [candidate potential 1…5]
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="plan_version_once_per_scheme")
        ]

    def __str__(self) -> str:
        return f"FR.MAPA {self.scheme.code} v{self.version}"


class ProcessReview(models.Model):
    """FR.AK.06: an assessor reviews how a session's assessment went, against the principles of assessment."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="process_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ratings = models.JSONField(default=dict)  # stage → principles met
    dimensions = models.JSONField(default=list)  # dimensions of competency the assessment covered
    consistency = models.TextField(_("consistency of the decisions"), blank=True)
    recommendations = models.TextField(_("recommendations for improvement"), blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"FR.AK.06 {self.session}"


class ValidationPeriod(models.TextChoices):
    BEFORE = "before", _("Before the assessment")
    DURING = "during", _("During the assessment")
    AFTER = "after", _("After the assessment")


class Validation(models.Model):
    """FR.VA: a lead assessor's team validates a session's assessment."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="validations")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.TextField(_("validation team"), blank=True)
    period = models.CharField(_("period"), max_length=10, choices=ValidationPeriod.choices)
    purpose = models.TextField(_("purpose and focus"), blank=True)
    context = models.TextField(_("context and approach"), blank=True)
    consulted = models.TextField(_("people consulted"), blank=True)
    benchmarks = models.TextField(_("benchmarks and documents"), blank=True)
    aspects = models.JSONField(
        default=dict
    )  # aspect number → {"evidence": [V, A, T, M met], "principles": [...]}
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    improvement_plan = models.TextField(_("improvement plan"), blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"FR.VA {self.session}"


class ValidationCosign(models.Model):
    """An assessor of the session co-signs the FR.VA its master assessor led: the validation team."""

    validation = models.ForeignKey(Validation, on_delete=models.CASCADE, related_name="cosigns")
    asesor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["validation", "asesor"], name="validation_cosigned_once")
        ]

    def __str__(self) -> str:
        return f"{self.validation} · {self.asesor}"
