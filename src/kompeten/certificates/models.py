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


class CertificateCounter(models.Model):
    """One row per numbering sequence (a year), locked while a number is drawn: no duplicates, no gaps."""

    key = models.CharField(max_length=50, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Certificate(models.Model):
    """A certificate of competence; holder, scheme and units are kept as they were when it was issued."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=200, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=200, unique=True)
    sequence_key = models.CharField(max_length=50)
    sequence = models.PositiveIntegerField()
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
        constraints = [
            models.UniqueConstraint(fields=["sequence_key", "sequence"], name="certificate_sequence_once"),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
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
