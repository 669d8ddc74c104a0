"""FR.IA.10: verification by a third party (the candidate's workplace supervisor) through a one-time link."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.assessments.conduct import _require_assessor
from kompeten.assessments.models import InstrumentKind, InstrumentRecord, ThirdPartyRequest
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import LINE_BREAK_REFUSED, has_line_break, mail_send_on_commit

QUESTIONS = [
    gettext_lazy("Does the candidate work safely (K3) in line with the workplace's procedures?"),
    gettext_lazy("Does the candidate work well in a team?"),
    gettext_lazy("Can the candidate handle several tasks at once?"),
    gettext_lazy("Does the candidate adapt to changes at work?"),
    gettext_lazy("Does the candidate respond well to problems that arise?"),
    gettext_lazy("May the LSP contact you about this verification?"),
]
LINK_EXPIRED = gettext_lazy("This link has expired. Ask the assessor for a new one.")
LINK_USED = gettext_lazy("This verification has already been sent. Thank you.")


@transaction.atomic
def request_create(
    *, actor, participant, supervisor_name: str, supervisor_email: str, workplace: str, days: int = 14
):
    _require_assessor(actor, participant)
    if not (supervisor_name.strip() and supervisor_email.strip() and workplace.strip()):
        raise DomainError(_("Give the supervisor's name, email and workplace."))
    if has_line_break(supervisor_name) or has_line_break(supervisor_email):
        raise DomainError(LINE_BREAK_REFUSED)
    try:
        validate_email(supervisor_email.strip())
    except ValidationError:
        raise DomainError(_("Type the supervisor's valid email address.")) from None
    request = ThirdPartyRequest.objects.create(
        participant=participant,
        token=secrets.token_urlsafe(32),
        supervisor_name=supervisor_name.strip(),
        supervisor_email=supervisor_email.strip(),
        workplace=workplace.strip(),
        expires_at=timezone.now() + datetime.timedelta(days=max(1, min(days, 60))),
    )
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('assessments:third_party', kwargs={'token': request.token})}"
    mail_send_on_commit(
        subject=_("Verification of %(candidate)s's competency")
        % {"candidate": participant.case.asesi.full_name},
        message=_(
            "The assessor asks you to verify the work of %(candidate)s: %(link)s (valid until %(until)s)."
        )
        % {
            "candidate": participant.case.asesi.full_name,
            "link": link,
            "until": request.expires_at.strftime("%d-%m-%Y"),
        },
        recipients=[request.supervisor_email],
        obj=participant.case,
    )
    audit_log(
        actor=actor,
        code="kompeten.ia10.requested",
        obj=participant.case,
        data={"supervisor": request.supervisor_name},
    )
    return request


def request_for_token(token: str) -> ThirdPartyRequest:
    """The request behind a link; an expired or used link raises with its message."""
    request = ThirdPartyRequest.objects.select_related("participant__case__asesi").filter(token=token).first()
    if request is None:
        raise ThirdPartyRequest.DoesNotExist
    if request.answered_at is not None:
        raise DomainError(LINK_USED)
    if timezone.now() >= request.expires_at:
        raise DomainError(LINK_EXPIRED)
    return request


@transaction.atomic
def request_answer(
    *,
    token: str,
    answers: dict,
    relationship: str,
    duration: str,
    qualifications: str,
    judgement: str,
    training: str,
) -> ThirdPartyRequest:
    """The supervisor's answers, once (the database takes one answer only, however many are sent at once);
    they become the participant's FR.IA.10 record."""
    request = request_for_token(token)
    if set(answers) != {str(n) for n in range(1, len(QUESTIONS) + 1)}:
        raise DomainError(_("Answer every question with Yes or No."))
    if not judgement.strip():
        raise DomainError(_("Give your overall judgement of the candidate's work."))
    request.answers = {
        "questions": answers,
        "relationship": relationship.strip()[:500],
        "duration": duration.strip()[:200],
        "qualifications": qualifications.strip()[:1000],
        "judgement": judgement.strip()[:2000],
        "training": training.strip()[:2000],
    }
    request.answered_at = timezone.now()
    taken = ThirdPartyRequest.objects.filter(
        pk=request.pk, answered_at__isnull=True, expires_at__gt=request.answered_at
    ).update(answers=request.answers, answered_at=request.answered_at)
    if not taken:  # answered (or expired) since the link was read: this answer is not the one kept
        raise DomainError(LINK_USED if _answered(request) else LINK_EXPIRED)
    record, _created = InstrumentRecord.objects.get_or_create(
        participant=request.participant, kind=InstrumentKind.IA10
    )
    for key, value in answers.items():
        record.fields[f"result:{key}"] = {"value": "K" if value else "BK", "v": 1}
    record.fields["note:judgement"] = {"value": request.answers["judgement"], "v": 1}
    record.save()
    audit_log(
        actor=None,
        code="kompeten.ia10.answered",
        obj=request.participant.case,
        data={"supervisor": request.supervisor_name},
    )
    return request


def _answered(request: ThirdPartyRequest) -> bool:
    return ThirdPartyRequest.objects.filter(pk=request.pk, answered_at__isnull=False).exists()
