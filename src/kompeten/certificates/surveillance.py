"""Surveillance: each year after issue the holder uploads a logbook of work in the certified competence; the
LSP accepts it or returns it. An overdue logbook warns the holder once, and the LSP may then suspend."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.cases.services import validated_file
from kompeten.certificates.models import Certificate, CertificateStatus, SurveillanceLog, SurveillanceStatus
from kompeten.certificates.numbering import years_later
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import notify
from kompeten.core.services import require_perm
from kompeten.core.transitions import Transition, transition_apply

REVIEWED_ONCE = gettext_lazy("This logbook has already been reviewed.")
# the LSP's review of a logbook: accepted, or returned with a reason (the holder then uploads another)
REVIEWS = {
    accepted: Transition(
        name=target,
        sources=frozenset({SurveillanceStatus.PENDING}),
        target=target,
        event=event,
        refused=REVIEWED_ONCE,
    )
    for accepted, target, event in (
        (True, SurveillanceStatus.ACCEPTED, "kompeten.surveillance.accepted"),
        (False, SurveillanceStatus.RETURNED, "kompeten.surveillance.returned"),
    )
}


def due_dates(certificate: Certificate) -> list[datetime.date]:
    """Every anniversary of the issue before expiry: one logbook each. None for a certificate issued before
    Kompeten: its holder has no account to upload a logbook with."""
    if certificate.imported:
        return []
    dates, year = [], 1
    while (day := years_later(certificate.issued_on, year)) < certificate.expires_on:
        dates.append(day)
        year += 1
    return dates


def next_due(certificate: Certificate) -> datetime.date | None:
    """The earliest anniversary without a logbook accepted or waiting for review."""
    # all() reads what the daily job prefetched for every certificate at once
    covered = {
        log.due_on for log in certificate.surveillance_logs.all() if log.status != SurveillanceStatus.RETURNED
    }
    return next((day for day in due_dates(certificate) if day not in covered), None)


def logbook_due_soon(certificate: Certificate, today: datetime.date | None = None) -> datetime.date | None:
    """The due date the holder should upload for now: overdue, or within the next 60 days."""
    if certificate.status not in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
        return None
    today = today or timezone.localdate()
    due = next_due(certificate)
    return due if due is not None and due <= today + datetime.timedelta(days=60) else None


def overdue_since(certificate: Certificate, today: datetime.date | None = None) -> datetime.date | None:
    today = today or timezone.localdate()
    due = next_due(certificate)
    return due if due is not None and due < today else None


@transaction.atomic
def logbook_submit(
    *, actor, certificate: Certificate, name: str, data: bytes, note: str = ""
) -> SurveillanceLog:
    require_perm(actor, "certificates.hold_certificate", certificate)
    if certificate.status not in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
        raise DomainError(_("A logbook is uploaded for a certificate in force or suspended."))
    due = next_due(certificate)
    if due is None:
        raise DomainError(_("No logbook is due for this certificate."))
    content_type = validated_file(name, data)
    log = SurveillanceLog(
        certificate=certificate,
        due_on=due,
        original_name=name[:255],
        content_type=content_type,
        note=note.strip()[:2000],
    )
    log.file.save(name, ContentFile(data), save=False)
    log.save()
    audit_log(
        actor=actor, code="kompeten.surveillance.submitted", obj=certificate, data={"due_on": due.isoformat()}
    )
    return log


@transaction.atomic
def logbook_review(*, actor, log: SurveillanceLog, accepted: bool, note: str = "") -> SurveillanceLog:
    require_perm(actor, "certificates.issue_certificate", log.certificate)
    log = (
        SurveillanceLog.objects.select_for_update(of=("self",))  # the certificate's case is an outer join
        .select_related("certificate__case__asesi")
        .get(pk=log.pk)
    )
    review = REVIEWS[bool(accepted)]
    if log.status not in review.sources:
        raise DomainError(review.refused)
    if not accepted and not note.strip():
        raise DomainError(_("Say why the logbook is returned."))
    log.review_note, log.reviewed_by, log.reviewed_at = note.strip()[:2000], actor, timezone.now()
    log.save(update_fields=["review_note", "reviewed_by", "reviewed_at"])
    transition_apply(
        obj=log,
        transition=review,
        actor=actor,
        data={"due_on": log.due_on.isoformat()},
        subject=log.certificate,
    )
    notify(
        log.certificate.case.asesi,
        _("Your surveillance logbook for %(date)s: %(status)s. %(note)s")
        % {
            "date": log.due_on.strftime("%d-%m-%Y"),
            "status": log.get_status_display(),
            "note": log.review_note,
        },
        reverse("cases:detail", kwargs={"pk": log.certificate.case_id}),
    )
    return log


def warn_overdue(today: datetime.date) -> int:
    """Warn each holder once per overdue logbook (part of the daily job)."""
    warned = 0
    in_force_a_year = Certificate.objects.filter(
        status=CertificateStatus.ACTIVE, issued_on__lte=years_later(today, -1), case__isnull=False
    )  # younger certificates owe no logbook yet
    for certificate in in_force_a_year.select_related("case__asesi").prefetch_related("surveillance_logs"):
        due = overdue_since(certificate, today)
        if due is None or certificate.surveillance_warned_for == due:
            continue
        notify(
            certificate.case.asesi,
            _(
                "The surveillance logbook of your certificate %(number)s was due on %(date)s; upload it, or the LSP may suspend the certificate."
            )
            % {"number": certificate.number, "date": due.strftime("%d-%m-%Y")},
            reverse("cases:detail", kwargs={"pk": certificate.case_id}),
        )
        Certificate.objects.filter(pk=certificate.pk).update(surveillance_warned_for=due)
        warned += 1
    return warned
