"""The technical committee's decision on each recommended case (rapat pleno), and issuing certificates."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.assessments.models import AssessmentRecord
from kompeten.cases import lifecycle
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates import numbering
from kompeten.certificates.models import Certificate, Decision
from kompeten.certificates.tasks import issue_certificate, render_certificate_pdf
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.notify import notify
from kompeten.core.services import require_perm


def suggested_units(record: AssessmentRecord) -> list[int]:
    """The units FR.AK.02 found without sufficient evidence: where a BK decision points by default."""
    return [int(unit) for unit, sufficient in record.sufficient.items() if not sufficient]


@transaction.atomic
def decision_record(
    *, actor, case: Case, competent: bool, reason: str = "", units: list[int] | None = None
) -> Decision:
    """Competent or not yet competent, by a committee member not involved in the case. Deciding otherwise
    than the assessor recommended needs a reason; not yet competent names the units to assess again."""
    require_perm(actor, "certificates.decide_case", case)
    case = Case.objects.select_for_update().select_related("asesi").get(pk=case.pk)
    record = AssessmentRecord.objects.filter(participant__case=case, asesi_signed_at__isnull=False).first()
    if case.status != CaseStatus.RECOMMENDED or record is None:
        raise DomainError(
            _(
                "The case is decided after FR.AK.02 is signed by the assessor and the candidate, and only once."
            )
        )
    if competent != (record.recommendation == "K") and not reason.strip():
        raise DomainError(_("Give the reason for deciding otherwise than the assessor recommended."))
    scheme_units = set(case.scheme.scheme_units.values_list("unit_id", flat=True))
    chosen = (
        [] if competent else [unit for unit in (units or suggested_units(record)) if unit in scheme_units]
    )
    if not competent and not chosen:
        raise DomainError(_("Name the units in which the candidate is not yet competent."))
    lifecycle.case_move(
        actor=actor,
        case=case,
        name="decide_competent" if competent else "decide_not_yet_competent",
        data={"units": chosen},
    )
    decision = Decision.objects.create(
        case=case,
        competent=competent,
        reason=reason.strip()[:4000],
        not_yet_competent_units=chosen,
        decided_by=actor,
    )
    link = reverse("cases:detail", kwargs={"pk": case.pk})
    if competent:
        notify(
            case.asesi,
            _("The technical committee decided you are competent in %(scheme)s.") % {"scheme": case.scheme},
            link,
        )
    else:
        codes = ", ".join(
            code or title
            for code, title in case.scheme.scheme_units.filter(unit_id__in=chosen).values_list(
                "unit__code", "unit__title"
            )
        )
        notify(
            case.asesi,
            _(
                "The technical committee decided you are not yet competent in: %(units)s. You may apply for a re-assessment."
            )
            % {"units": codes},
            link,
        )
    return decision


@transaction.atomic
def decision_reverse(*, actor, case: Case, appeal_reference: str) -> Decision:
    """An upheld appeal (FR.AK.04) reverses the committee's decision on ``case`` to competent, naming the appeal
    in its reason: the SK, the blanko list and the reports read the decision. ``appeal_decide`` calls it in its
    transaction, with the panel's permission checked, right after the case's own step."""
    decision = Decision.objects.select_for_update().get(case=case)
    if decision.competent:
        raise DomainError(lifecycle.refused("appeal_reversed"))
    decision.competent, decision.not_yet_competent_units = True, []
    decision.reason += " — " + _("reversed on appeal %(ref)s") % {"ref": appeal_reference}
    decision.save(update_fields=["competent", "not_yet_competent_units", "reason"])
    audit_log(
        actor=actor,
        code="kompeten.decision.reversed",
        obj=decision,
        data={"appeal": appeal_reference, "case": case.reference},
    )
    return decision


@transaction.atomic
def certificate_issue(*, actor, case: Case) -> Certificate:
    """The certificate of a case decided competent: its number drawn from the year's locked counter, a random
    verification token, valid for the scheme's validity from today. The PDF is rendered in the background
    once the transaction has committed."""
    require_perm(actor, "certificates.issue_certificate", case)
    case = Case.objects.select_for_update().select_related("asesi", "scheme").get(pk=case.pk)
    if case.status != CaseStatus.COMPETENT or Certificate.objects.filter(case=case).exists():
        raise DomainError(lifecycle.refused("certify"))
    issued_on = timezone.localdate()
    number, registration, seq = numbering.numbers_for(scheme_code=case.scheme_code, issued_on=issued_on)
    units = [
        {"code": code or "", "title": title}
        for code, title in case.scheme.scheme_units.order_by("order").values_list("unit__code", "unit__title")
    ]
    certificate = Certificate.objects.create(
        case=case,
        number=number,
        registration_number=registration,
        sequence_key=str(issued_on.year),
        sequence=seq,
        holder_name=case.asesi.full_name,
        scheme_code=case.scheme_code,
        scheme_title=case.scheme.title,
        units=units,
        issued_on=issued_on,
        expires_on=numbering.years_later(issued_on, case.scheme.validity_years),
        issued_by=actor,
    )
    transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate.pk))
    lifecycle.case_move(actor=actor, case=case, name="certify", data={"number": number})
    audit_log(actor=actor, code="kompeten.certificate.issued", obj=certificate, data={"number": number})
    notify(
        case.asesi,
        _("Your certificate %(number)s is issued.") % {"number": number},
        reverse("cases:detail", kwargs={"pk": case.pk}),
    )
    return certificate


@transaction.atomic
def session_certificates_queue(*, actor, session) -> int:
    """Issue every certificate of a jadwal in the background, one task per case; returns how many."""
    require_perm(actor, "certificates.issue_certificate")
    cases = list(
        Case.objects.filter(participant__session=session, status=CaseStatus.COMPETENT).values_list(
            "pk", flat=True
        )
    )
    if not cases:
        raise DomainError(_("No case of this session is waiting for a certificate."))
    for case_id in cases:
        transaction.on_commit(lambda case_id=case_id: issue_certificate.enqueue(case_id, actor.pk))
    audit_log(actor=actor, code="kompeten.certificate.bulk_queued", obj=session, data={"count": len(cases)})
    return len(cases)
