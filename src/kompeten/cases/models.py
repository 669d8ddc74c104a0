import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.schemes.models import Scheme, SchemeEvidence, SchemeRequirement
from kompeten.standards.models import Element


class Purpose(models.TextChoices):
    CERTIFICATION = "sertifikasi", _("Certification")
    RECERTIFICATION = "sertifikasi_ulang", _("Recertification")
    PKT = "pkt", _("Recognition of current competency (PKT)")
    RPL = "rpl", _("Recognition of prior learning (RPL)")
    OTHER = "lainnya", _("Other")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for verification")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Rejected")
    VERIFIED = "verified", _("Verified, self-assessment open")
    SELF_ASSESSED = "self_assessed", _("Self-assessment submitted")
    ASESOR_ASSIGNED = "asesor_assigned", _("Assessor assigned, waiting for review")
    CONTINUE = "apl02_continue", _("Assessment can continue")
    NOT_CONTINUE = "apl02_not_continue", _("Assessment cannot continue")
    SCHEDULED = "scheduled", _("Scheduled for assessment")
    CONSENTED = "consented", _("Consent given (FR.AK.01)")
    ASSESSING = "assessing", _("Being assessed")
    RECOMMENDED = "recommended", _("Recommendation recorded (FR.AK.02)")
    COMPETENT = "competent", _("Decided: competent")
    NOT_YET_COMPETENT = "not_yet_competent", _("Decided: not yet competent")
    CERTIFIED = "certified", _("Certified")


# A case in one of these is over: the candidate may open a new one for the same scheme.
CLOSED_STATUSES = (
    CaseStatus.REJECTED,
    CaseStatus.NOT_CONTINUE,
    CaseStatus.NOT_YET_COMPETENT,
    CaseStatus.CERTIFIED,
)


class Case(models.Model):
    """One candidate's certification in one scheme, from FR.APL.01 to the decision.

    The case pins the scheme version it was opened on (a Scheme row is a version; its units point to unit
    versions), so later re-imports never change it.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    asesi = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="cases"
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="cases"
    )
    scheme_code = models.CharField(max_length=100, editable=False)
    purpose = models.CharField(_("purpose of the assessment"), max_length=20, choices=Purpose.choices)
    purpose_other = models.CharField(_("other purpose"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    apl02_submitted_at = models.DateTimeField(null=True, blank=True)
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    review_note = models.TextField(_("assessor's notes"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certification case")
        verbose_name_plural = _("certification cases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asesi", "scheme_code"],
                condition=~models.Q(status__in=[status.value for status in CLOSED_STATUSES]),
                name="case_one_open_per_asesi_and_scheme",
                violation_error_message=_("You already have an open application for this scheme."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="case_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["status", "submitted_at", "created_at"], name="case_queue_order"),
        ]

    def __str__(self) -> str:
        return self.reference


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Not valid")


def evidence_upload_path(evidence: "Evidence", filename: str) -> str:
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file the candidate uploaded: for a required document of FR.APL.01, or as evidence in FR.APL.02."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey(
        SchemeEvidence, verbose_name=_("required document"), on_delete=models.PROTECT, null=True, blank=True
    )
    file = models.FileField(upload_to=evidence_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.PENDING)
    note = models.TextField(_("note"), blank=True)
    superseded = models.BooleanField(default=False, help_text=_("Replaced by a newer upload."))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["case", "requirement_id", "uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "requirement"],
                condition=models.Q(superseded=False, requirement__isnull=False),
                name="evidence_one_current_file_per_requirement",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class RequirementCheck(models.Model):
    """FR.APL.01 part 3: whether a basic requirement of the scheme is met, as the admin found it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requirement_checks")
    requirement = models.ForeignKey(SchemeRequirement, on_delete=models.PROTECT)
    met = models.BooleanField(_("met"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "requirement"], name="requirement_checked_once")
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {'ya' if self.met else 'tidak'}"


class Answer(models.TextChoices):
    K = "K", _("Competent (K)")
    BK = "BK", _("Not yet competent (BK)")


class SelfAssessment(models.Model):
    """One FR.APL.02 answer: "Can I …?" for one element, with the evidence that shows it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="self_assessments")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=2, choices=Answer.choices, blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="self_assessments")
    evidence_note = models.TextField(_("relevant evidence"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "element"], name="self_assessment_once_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.answer or '-'}"


class SignatureStep(models.TextChoices):
    DECLARATION = "declaration", _("Candidate's declaration (FR.APL.01)")
    VERIFICATION = "verification", _("Admin verification (FR.APL.01 part 3)")
    SELF_ASSESSMENT = "self_assessment", _("Candidate's self-assessment (FR.APL.02)")
    RECOMMENDATION = "recommendation", _("Assessor's recommendation (FR.APL.02)")


class Signature(models.Model):
    """Who signed what and when: a SHA-256 over the canonical JSON of the signed content, with the SHA-256
    of every attached file. If the content or a file changes afterwards, the signature shows as broken."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signatures")
    step = models.CharField(max_length=20, choices=SignatureStep.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    content_sha256 = models.CharField(max_length=64)
    content = models.JSONField()

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} — {self.signer}"
