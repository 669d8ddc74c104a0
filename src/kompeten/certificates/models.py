import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.cases.models import Case


class Decision(models.Model):
    """The technical committee's decision on one case (rapat pleno), taken by a member not involved in it."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    competent = models.BooleanField(_("competent"))
    reason = models.TextField(_("reason"), blank=True)
    not_yet_competent_units = models.JSONField(
        default=list
    )  # unit ids the candidate must be assessed on again
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.case.reference}: {'K' if self.competent else 'BK'}"


def new_verification_token() -> str:
    """Random and unguessable: the key of the public verification URL (the number is guessable)."""
    return secrets.token_urlsafe(24)


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Certificate(models.Model):
    """A certificate of competence; holder, scheme and units are kept as they were when it was issued.

    A certificate the LSP issued before Kompeten is imported without a case (``imported``), so that public
    verification covers it too; it has no sequence of Kompeten's counter."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    imported = models.BooleanField(_("issued before Kompeten"), default=False)
    number = models.CharField(_("certificate number"), max_length=200, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=200, unique=True)
    sequence_key = models.CharField(max_length=50, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_verification_token)
    holder_name = models.CharField(_("holder"), max_length=200)
    scheme_code = models.CharField(_("scheme number"), max_length=100)
    scheme_title = models.CharField(_("scheme"), max_length=300)
    units = models.JSONField(default=list)  # [{"code": …, "title": …}] as certified
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    blanko_number = models.CharField(_("BNSP blanko number"), max_length=100, blank=True)
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)  # the holder was told the expiry is near
    surveillance_warned_for = models.DateField(null=True, blank=True)  # the overdue logbook already warned of

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["-issued_at", "-id"], name="certificate_latest_first")]
        constraints = [
            models.UniqueConstraint(fields=["sequence_key", "sequence"], name="certificate_sequence_once"),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(imported=True) | models.Q(case__isnull=False, sequence__isnull=False),
                name="certificate_issued_here_has_case_and_sequence",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class SurveillanceStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


def surveillance_upload_path(log, filename: str) -> str:
    return f"surveillance/{log.certificate_id}/{secrets.token_hex(8)}.bin"


class SurveillanceLog(models.Model):
    """The holder's yearly logbook of work in the certified competence, reviewed by the LSP."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="surveillance_logs")
    due_on = models.DateField(_("due on"))
    file = models.FileField(upload_to=surveillance_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SurveillanceStatus.choices, default=SurveillanceStatus.PENDING
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["certificate", "due_on", "submitted_at"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.due_on}"


class SigningKey(models.Model):
    """An RSA key the LSP signs Open Badges credentials with. Rotating retires the active key but keeps its
    public half in the JWKS, so every credential signed with it stays verifiable. Kept in the database, so
    every database backup holds it."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    # True for the one key that signs; NULL once retired (a unique column holds any number of NULLs)
    active = models.BooleanField(null=True, default=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active=True, retired_at__isnull=True)
                | models.Q(active__isnull=True, retired_at__isnull=False),
                name="signing_key_active_or_retired",
            )
        ]

    def __str__(self) -> str:
        return self.kid


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for a panel")
    PANEL_FORMED = "panel_formed", _("Panel formed, waiting for the hearing")
    HEARD = "heard", _("Hearing recorded")
    UPHELD_REASSESSMENT = "upheld_reassessment", _("Upheld: re-assessment by another assessor")
    UPHELD_REVERSED = "upheld_reversed", _("Upheld: decision reversed")
    DISMISSED = "dismissed", _("Dismissed (final)")


APPEAL_DECIDED = (AppealStatus.UPHELD_REASSESSMENT, AppealStatus.UPHELD_REVERSED, AppealStatus.DISMISSED)


class Appeal(models.Model):
    """FR.AK.04: the candidate's appeal against the committee's decision, heard by an independent panel."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="appeal")
    process_explained = models.BooleanField(_("the appeal process was explained to me"))
    discussed_with_assessor = models.BooleanField(_("I discussed the appeal with the assessor"))
    other_person = models.CharField(_("person helping me with the appeal"), max_length=200, blank=True)
    grounds = models.TextField(_("grounds of the appeal"))
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AppealPanelMember",
        through_fields=("appeal", "member"),
        related_name="appeal_panels",
    )
    hearing_at = models.DateTimeField(_("hearing held on"), null=True, blank=True)
    hearing_notes = models.TextField(_("minutes of the hearing"), blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reassessment_case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="reassessment_of"
    )

    class Meta:
        verbose_name = _("appeal (FR.AK.04)")
        verbose_name_plural = _("appeals (FR.AK.04)")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AppealStatus.values), name="appeal_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BDG-{self.submitted_at:%Y}-{self.pk:05d}"

    @property
    def decided(self) -> bool:
        return self.status in APPEAL_DECIDED


class AppealPanelMember(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="panel_members")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appeal", "member"], name="appeal_panel_member_once")]

    def __str__(self) -> str:
        return f"{self.appeal}: {self.member}"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")


def new_tracking_code() -> str:
    """What the complainant keeps to follow the complaint without an account."""
    return secrets.token_urlsafe(12)


class Complaint(models.Model):
    """A complaint anyone may lodge with the LSP (about an assessment, an assessor, a certificate …)."""

    tracking_code = models.CharField(max_length=32, unique=True, default=new_tracking_code)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("complaint"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ADU-{self.submitted_at:%Y}-{self.pk:05d}"


class ComplaintUpdate(models.Model):
    """One step in handling a complaint; the note is shown to the complainant on the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=ComplaintStatus.choices)
    note = models.TextField(_("note to the complainant"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.status}"
