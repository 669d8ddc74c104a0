"""The audit log: every service that changes data appends one event here, in its own transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompeten.core.models import AuditEvent

# Every event code a service writes, as people read it on the pages of the objects it concerns.
EVENT_TEXTS = {
    "kompeten.repair.ak01_time": _("FR.AK.01 agreed time out of range repaired"),
    "kompeten.lsp_profile.updated": _("LSP profile updated"),
    "kompeten.signing_key.rotated": _("Credential signing key rotated"),
    "kompeten.appeal.submitted": _("Appeal submitted (FR.AK.04)"),
    "kompeten.appeal.panel_formed": _("Appeal panel formed"),
    "kompeten.appeal.heard": _("Appeal hearing recorded"),
    "kompeten.appeal.upheld_reassessment": _("Appeal upheld: re-assessment by another assessor"),
    "kompeten.appeal.upheld_reversed": _("Appeal upheld: decision reversed"),
    "kompeten.appeal.dismissed": _("Appeal dismissed"),
    "kompeten.case.appeal_reversed": _("Decision reversed on appeal: competent"),
    "kompeten.case.reassessment_opened": _("Re-assessment opened after an appeal"),
    "kompeten.complaint.received": _("Complaint received"),
    "kompeten.complaint.updated": _("Complaint handled"),
    "kompeten.scheme.activated": _("Scheme activated"),
    "kompeten.scheme.retired": _("Scheme retired"),
    "kompeten.scheme.created": _("Scheme created"),
    "kompeten.scheme.unit_resolved": _("Provisional unit replaced by a known unit"),
    "kompeten.standard.imported": _("Standard imported"),
    "kompeten.user.created": _("User created"),
    "kompeten.user.roles_changed": _("User roles changed"),
    "kompeten.assessor_profile.set": _("Assessor registration recorded"),
    "kompeten.applicant.registered": _("Candidate registered and consented to data processing"),
    "kompeten.applicant.profile_updated": _("Candidate profile updated"),
    "kompeten.applicant.nik_pending": _("NIK also given by another account: waiting for the LSP's check"),
    "kompeten.applicant.nik_confirmed": _("LSP confirmed the candidate's NIK"),
    "kompeten.applicant.nik_refused": _("LSP removed an NIK that was not the candidate's"),
    "kompeten.applicant.correction_requested": _("Candidate asked the LSP to correct their data"),
    "kompeten.import.uploaded": _("Document uploaded for import"),
    "kompeten.import.parsing": _("Document being read"),
    "kompeten.import.parsed": _("Document read, waiting for confirmation"),
    "kompeten.import.failed": _("Document could not be read"),
    "kompeten.import.confirmed": _("Import confirmed"),
    "kompeten.import.cancelled": _("Import cancelled"),
    "kompeten.workbook_import.uploaded": _("Excel file uploaded for import"),
    "kompeten.workbook_import.running": _("Excel file being read"),
    "kompeten.workbook_import.done": _("Excel file imported"),
    "kompeten.workbook_import.refused": _("Excel file refused"),
    "kompeten.workbook_import.cancelled": _("Excel import cancelled"),
    "kompeten.case.opened": _("Application opened"),
    "kompeten.case.evidence_uploaded": _("Document uploaded"),
    "kompeten.case.submitted": _("Application submitted (FR.APL.01)"),
    "kompeten.case.verified": _("Application verified"),
    "kompeten.case.returned": _("Application returned for revision"),
    "kompeten.case.rejected": _("Application rejected"),
    "kompeten.case.self_assessed": _("Self-assessment submitted (FR.APL.02)"),
    "kompeten.case.asesor_assigned": _("Assessor assigned"),
    "kompeten.case.review_continue": _("Assessor: the assessment can continue"),
    "kompeten.case.review_not_continue": _("Assessor: the assessment cannot continue"),
    "kompeten.case.scheduled": _("Scheduled for assessment"),
    "kompeten.tuk.updated": _("TUK details updated"),
    "kompeten.tuk.verified": _("TUK verified for a scheme"),
    "kompeten.asesor.relationship_declared": _("Assessor declared a relationship"),
    "kompeten.session.created": _("Assessment session created"),
    "kompeten.ak07.recorded": _("Assessor recorded reasonable adjustments (FR.AK.07)"),
    "kompeten.ak07.agreed": _("Candidate agreed to the reasonable adjustments (FR.AK.07)"),
    "kompeten.ak06.signed": _("Assessment process reviewed (FR.AK.06)"),
    "kompeten.va.signed": _("Assessment validated (FR.VA)"),
    "kompeten.va.master_designated": _("Master assessor designated (FR.VA)"),
    "kompeten.va.cosigned": _("FR.VA co-signed by an assessor of the session"),
    "kompeten.case.decided_competent": _("Technical committee decided: competent"),
    "kompeten.case.decided_not_yet_competent": _("Technical committee decided: not yet competent"),
    "kompeten.case.certified": _("Certificate issued for the case"),
    "kompeten.certificate.issued": _("Certificate issued"),
    "kompeten.certificate.suspended": _("Certificate suspended"),
    "kompeten.certificate.reinstated": _("Certificate reinstated"),
    "kompeten.certificate.withdrawn": _("Certificate withdrawn"),
    "kompeten.certificate.expired": _("Certificate expired"),
    "kompeten.certificate.blanko_recorded": _("BNSP blanko number recorded"),
    "kompeten.certificate.bulk_queued": _("Certificates of a session queued for issue"),
    "kompeten.certificate.imported": _("Certificates issued before Kompeten imported"),
    "kompeten.surveillance.submitted": _("Surveillance logbook uploaded"),
    "kompeten.surveillance.accepted": _("Surveillance logbook accepted"),
    "kompeten.surveillance.returned": _("Surveillance logbook returned"),
    "kompeten.plan.started": _("New version of the assessment plan (FR.MAPA) started"),
    "kompeten.plan.saved": _("Assessment plan (FR.MAPA) saved"),
    "kompeten.plan.published": _("Assessment plan (FR.MAPA) published"),
    "kompeten.session.coi_declared": _("Assessor signed the conflict-of-interest declaration"),
    "kompeten.case.consented": _("Both agreed to the assessment plan (FR.AK.01)"),
    "kompeten.case.assessing": _("Assessment started"),
    "kompeten.case.recommended": _("Assessor's recommendation recorded (FR.AK.02)"),
    "kompeten.ak01.proposed": _("Assessor set out FR.AK.01"),
    "kompeten.ak02.acknowledged": _("Candidate signed FR.AK.02"),
    "kompeten.instrument.concluded": _("Instrument concluded"),
    "kompeten.ia05.opened": _("Written test opened"),
    "kompeten.ia05.scored": _("Written test scored"),
    "kompeten.question_bank.imported": _("Questions imported into the bank"),
    "kompeten.ak03.submitted": _("Candidate gave feedback (FR.AK.03)"),
    "kompeten.ak05.signed": _("Assessor signed the session report (FR.AK.05)"),
    "kompeten.ia10.requested": _("Third-party verification requested (FR.IA.10)"),
    "kompeten.ia10.answered": _("Third party sent the verification (FR.IA.10)"),
    "kompeten.mail.failed": _("E-mail could not be sent"),
    "kompeten.ak02.print_queued": _("FR.AK.02 forms queued for rendering"),
    "kompeten.admin.created": _("Created in the admin"),
    "kompeten.admin.changed": _("Changed in the admin"),
    "kompeten.admin.deleted": _("Deleted in the admin"),
}


def describe_event(event: AuditEvent) -> str:
    return str(EVENT_TEXTS.get(event.code, event.code))


def audit_log(*, actor, code: str, obj: models.Model | None = None, data: dict | None = None) -> AuditEvent:
    """Append one event. ``actor`` may be None for the system itself (commands, scheduled jobs)."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = AuditEvent(actor=actor, code=code, data=data or {})
    if obj is not None:
        event.object_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:300]
    event.save()
    return event


def audit_events_for(obj: models.Model, limit: int = 50):
    """The newest events about one object, for its page."""
    object_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return (
        AuditEvent.objects.filter(object_type=object_type, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
