"""A certificate's life after issue: the BNSP blanko number, suspension, reinstatement, withdrawal, and the
daily expiry with its reminders. Every change is a declared transition with its audit event."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.cases.models import Purpose
from kompeten.cases.services import case_open
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.certificates.surveillance import warn_overdue
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import notify
from kompeten.core.services import require_perm
from kompeten.core.transitions import Transition, transition_apply
from kompeten.schemes.models import Scheme

SUSPEND = Transition(
    name="suspend",
    sources=frozenset({CertificateStatus.ACTIVE}),
    target=CertificateStatus.SUSPENDED,
    event="kompeten.certificate.suspended",
    refused=gettext_lazy("Only a certificate in force can be suspended."),
)
REINSTATE = Transition(
    name="reinstate",
    sources=frozenset({CertificateStatus.SUSPENDED}),
    target=CertificateStatus.ACTIVE,
    event="kompeten.certificate.reinstated",
    refused=gettext_lazy("Only a suspended certificate can be reinstated."),
)
WITHDRAW = Transition(
    name="withdraw",
    sources=frozenset({CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED}),
    target=CertificateStatus.WITHDRAWN,
    event="kompeten.certificate.withdrawn",
    refused=gettext_lazy("A withdrawn or expired certificate cannot be withdrawn."),
)
EXPIRE = Transition(
    name="expire",
    sources=frozenset({CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED}),
    target=CertificateStatus.EXPIRED,
    event="kompeten.certificate.expired",
    refused=gettext_lazy("Only a certificate in force or suspended expires."),
)
BY_NAME = {t.name: t for t in (SUSPEND, REINSTATE, WITHDRAW)}


def _holder_link(certificate: Certificate) -> str:
    return reverse("cases:detail", kwargs={"pk": certificate.case_id})


@transaction.atomic
def certificate_change_status(*, actor, certificate: Certificate, action: str, reason: str) -> Certificate:
    """Suspend, reinstate or withdraw, always with a reason; verification shows it at once."""
    require_perm(actor, "certificates.issue_certificate", certificate)
    transition = BY_NAME.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."))
    reason = reason.strip()[:2000]
    if not reason:
        raise DomainError(_("Give the reason."))
    # of=self: the case is an outer join (an imported certificate has none), which PostgreSQL will not lock
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("case__asesi")
        .get(pk=certificate.pk)
    )
    certificate.status_reason = reason
    certificate.save(update_fields=["status_reason"])
    transition_apply(obj=certificate, transition=transition, actor=actor, data={"reason": reason})
    if certificate.case_id:  # an imported certificate's holder has no account to tell
        notify(
            certificate.case.asesi,
            _("Your certificate %(number)s is now: %(status)s. Reason: %(reason)s")
            % {
                "number": certificate.number,
                "status": certificate.get_status_display(),
                "reason": reason,
            },
            _holder_link(certificate),
        )
    return certificate


@transaction.atomic
def certificate_blanko_set(*, actor, certificate: Certificate, blanko_number: str) -> Certificate:
    """Record the number of the BNSP blanko the certificate was printed on."""
    require_perm(actor, "certificates.issue_certificate", certificate)
    blanko_number = blanko_number.strip()[:100]
    if not blanko_number:
        raise DomainError(_("Type the blanko number."))
    if Certificate.objects.filter(blanko_number=blanko_number).exclude(pk=certificate.pk).exists():
        raise DomainError(_("This blanko number is already recorded on another certificate."))
    Certificate.objects.filter(pk=certificate.pk).update(blanko_number=blanko_number)
    certificate.blanko_number = blanko_number
    audit_log(
        actor=actor,
        code="kompeten.certificate.blanko_recorded",
        obj=certificate,
        data={"blanko": blanko_number},
    )
    return certificate


def recertification_open(*, actor, certificate: Certificate):
    """The holder applies for recertification (Sertifikasi Ulang) in the scheme's active version, once the
    certificate is within the reminder window before expiry or has expired; never for a withdrawn one."""
    require_perm(actor, "certificates.hold_certificate", certificate)
    if not recertification_due(certificate):
        raise DomainError(
            _("Recertification opens %(days)s days before the certificate expires.")
            % {"days": settings.KOMPETEN_EXPIRY_REMINDER_DAYS}
        )
    scheme = Scheme.objects.active().filter(code=certificate.scheme_code).first()
    if scheme is None:
        raise DomainError(_("This scheme is no longer open; ask the LSP which scheme replaces it."))
    return case_open(actor=actor, scheme=scheme, purpose=Purpose.RECERTIFICATION)


def recertification_due(certificate: Certificate, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if certificate.status == CertificateStatus.WITHDRAWN:
        return False
    return certificate.expires_on <= today + datetime.timedelta(days=settings.KOMPETEN_EXPIRY_REMINDER_DAYS)


def certificates_daily(*, today: datetime.date | None = None) -> dict:
    """Expire what has passed its validity; remind holders whose certificate expires soon and warn those
    whose surveillance logbook is overdue (once each)."""
    today = today or timezone.localdate()
    expired = reminded = 0
    for certificate_id in Certificate.objects.filter(
        status__in=EXPIRE.sources, expires_on__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
            transition_apply(obj=certificate, transition=EXPIRE, actor=None, data={"on": today.isoformat()})
            expired += 1
    horizon = today + datetime.timedelta(days=settings.KOMPETEN_EXPIRY_REMINDER_DAYS)
    due = Certificate.objects.filter(
        status=CertificateStatus.ACTIVE,
        expires_on__gte=today,
        expires_on__lte=horizon,
        reminded_at__isnull=True,
        case__isnull=False,  # an imported certificate's holder has no account to remind
    ).select_related("case__asesi")
    for certificate in due:
        with transaction.atomic():
            notify(
                certificate.case.asesi,
                _("Your certificate %(number)s expires on %(date)s; apply for recertification in time.")
                % {"number": certificate.number, "date": certificate.expires_on.strftime("%d-%m-%Y")},
                _holder_link(certificate),
            )
            Certificate.objects.filter(pk=certificate.pk).update(reminded_at=timezone.now())
            reminded += 1
    return {"expired": expired, "reminded": reminded, "surveillance_warned": warn_overdue(today)}
