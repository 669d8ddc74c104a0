"""Filing the session's forms: every FR.AK.02 rendered to PDF in the background, one task per candidate,
so that as many workers as are running share the work."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from kompeten.assessments.conduct import STATEMENTS
from kompeten.assessments.models import AssessmentRecord, EvidenceMethod, Participant
from kompeten.cases.selectors import scheme_outline
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm
from kompeten.documents.render import form_html, html_to_pdf


def ak02_context(participant: Participant, units=None) -> dict:
    return {
        "participant": participant,
        "case": participant.case,
        "session": participant.session,
        "statements": STATEMENTS,
        "methods": EvidenceMethod.choices,
        "record": participant.record,
        "units": units if units is not None else scheme_outline(participant.session.scheme),
    }


def ak02_pdf_store(*, participant_id: int) -> None:
    participant = Participant.objects.select_related(
        "case__asesi", "session__scheme", "session__tuk", "asesor__assessor_profile", "record"
    ).get(pk=participant_id)
    pdf = html_to_pdf(form_html("documents/fr_ak_02.html", ak02_context(participant)))
    record = participant.record
    record.pdf.save(f"FR.AK.02-{participant.case.reference}.pdf", ContentFile(pdf), save=False)
    AssessmentRecord.objects.filter(pk=record.pk).update(pdf=record.pdf.name)


@transaction.atomic
def session_print_ak02(*, actor, session) -> int:
    """Queue every recorded FR.AK.02 of the session for rendering; returns how many."""
    require_perm(actor, "assessments.view_session_results", session)
    from kompeten.assessments.tasks import render_ak02_pdf

    participants = list(session.participants.filter(record__isnull=False).values_list("pk", flat=True))
    if not participants:
        raise DomainError(_("No FR.AK.02 has been recorded in this session yet."))
    for participant_id in participants:
        render_ak02_pdf.enqueue(participant_id)
    audit_log(actor=actor, code="kompeten.ak02.print_queued", obj=session, data={"count": len(participants)})
    return len(participants)
