"""What the case pages show, in a fixed number of queries whatever the number of units."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kompeten.accounts.models import ApplicantProfile
from kompeten.cases import lifecycle
from kompeten.cases.models import CaseStatus, Evidence, SelfAssessment, SignatureStep
from kompeten.cases.services import EDITABLE_FOR_DOCUMENTS, eligible_asesors
from kompeten.cases.signing import signature_is_intact
from kompeten.standards.models import Criterion, Element

TRACKER = [
    (CaseStatus.DRAFT, "FR.APL.01"),
    (CaseStatus.SUBMITTED, "Verifikasi"),
    (CaseStatus.VERIFIED, "FR.APL.02"),
    (CaseStatus.SELF_ASSESSED, "Asesor"),
    (CaseStatus.ASESOR_ASSIGNED, "Tinjauan"),
    (CaseStatus.CONTINUE, "Jadwal"),
    (CaseStatus.ASSESSING, "Asesmen"),
    (CaseStatus.RECOMMENDED, "Rekomendasi"),
    (CaseStatus.COMPETENT, "Keputusan"),
]
STEP_OF_STATUS = {
    CaseStatus.DRAFT: 0,
    CaseStatus.RETURNED: 0,
    CaseStatus.SUBMITTED: 1,
    CaseStatus.REJECTED: 1,
    CaseStatus.VERIFIED: 2,
    CaseStatus.SELF_ASSESSED: 3,
    CaseStatus.ASESOR_ASSIGNED: 4,
    CaseStatus.NOT_CONTINUE: 4,
    CaseStatus.CONTINUE: 5,
    CaseStatus.SCHEDULED: 5,
    CaseStatus.CONSENTED: 6,
    CaseStatus.ASSESSING: 6,
    CaseStatus.RECOMMENDED: 7,
    CaseStatus.COMPETENT: 8,
    CaseStatus.NOT_YET_COMPETENT: 8,
    CaseStatus.CERTIFIED: 8,
}


@dataclass(frozen=True)
class KukLine:
    pk: int
    number: str
    text: str


@dataclass
class ElementOutline:
    pk: int
    number: str
    title: str
    kuk: list[KukLine] = field(default_factory=list)


@dataclass
class UnitOutline:
    pk: int
    code: str | None
    title: str
    elements: list[ElementOutline] = field(default_factory=list)


def scheme_outline(scheme) -> list[UnitOutline]:
    """The scheme's units, elements and KUK in order, as plain data: three queries, no model instances."""
    rows = scheme.scheme_units.order_by("order").values_list("unit_id", "unit__code", "unit__title")
    units = {unit_id: UnitOutline(unit_id, code, title) for unit_id, code, title in rows}
    elements = {}
    element_rows = (
        Element.objects.filter(unit_id__in=units)
        .order_by("unit_id", "order")
        .values_list("pk", "unit_id", "number", "title")
    )
    for pk, unit_id, number, title in element_rows:
        elements[pk] = ElementOutline(pk, number, title)
        units[unit_id].elements.append(elements[pk])
    kuk_rows = (
        Criterion.objects.filter(element_id__in=elements)
        .order_by("element_id", "order")
        .values_list("pk", "element_id", "number", "text")
    )
    for pk, element_id, number, text in kuk_rows:
        elements[element_id].kuk.append(KukLine(pk, number, text))
    return list(units.values())


def outline_kuk(outline: list[UnitOutline]):
    """Every KUK of an outline in order, with its unit: ``(unit, kuk)``."""
    for unit in outline:
        for element in unit.elements:
            for kuk in element.kuk:
                yield unit, kuk


def tracker(case) -> list[dict]:
    current = STEP_OF_STATUS[case.status]
    return [
        {"label": label, "done": index < current, "current": index == current}
        for index, (_status, label) in enumerate(TRACKER)
    ]


def next_step(case) -> str:
    """What the candidate should do (or wait for) now."""
    from django.utils.translation import gettext as _

    return {
        CaseStatus.DRAFT: _("Upload the required documents and submit the application."),
        CaseStatus.RETURNED: _("Replace the documents marked not valid and submit again."),
        CaseStatus.SUBMITTED: _("Wait for the LSP to verify your application."),
        CaseStatus.REJECTED: _("The application was rejected."),
        CaseStatus.VERIFIED: _("Fill in and submit the self-assessment (FR.APL.02)."),
        CaseStatus.SELF_ASSESSED: _("Wait for the LSP to assign your assessor."),
        CaseStatus.ASESOR_ASSIGNED: _("Wait for your assessor to review the self-assessment."),
        CaseStatus.CONTINUE: _("The assessment can continue: wait for your schedule."),
        CaseStatus.NOT_CONTINUE: _("The assessment cannot continue; see the assessor's notes."),
        CaseStatus.SCHEDULED: _("Your assessment is scheduled: agree to the assessment plan (FR.AK.01)."),
        CaseStatus.CONSENTED: _("Attend your assessment as scheduled."),
        CaseStatus.ASSESSING: _("Your assessment is in progress."),
        CaseStatus.RECOMMENDED: _("Your assessor's recommendation goes to the technical committee."),
        CaseStatus.COMPETENT: _(
            "The technical committee decided you are competent; your certificate follows."
        ),
        CaseStatus.CERTIFIED: _("Your certificate is issued."),
        CaseStatus.NOT_YET_COMPETENT: _(
            "The technical committee decided you are not yet competent in some units; you may apply for a "
            "re-assessment."
        ),
    }[case.status]


def signatures(case) -> list[dict]:
    return [
        {"signature": signature, "intact": signature_is_intact(signature)}
        for signature in case.signatures.select_related("signer")
    ]


def case_page(case, user) -> dict:
    current = {}
    history = {}
    for evidence in case.evidence.filter(requirement__isnull=False).order_by("uploaded_at"):
        if evidence.superseded:
            history.setdefault(evidence.requirement_id, []).append(evidence)
        else:
            current[evidence.requirement_id] = evidence
    documents = [
        {
            "requirement": requirement,
            "file": current.get(requirement.pk),
            "history": history.get(requirement.pk, []),
        }
        for requirement in case.scheme.evidence.order_by("-kind", "order")
    ]
    checks = {check.requirement_id: check.met for check in case.requirement_checks.all()}
    profile = ApplicantProfile.objects.filter(user=case.asesi).first()
    can_edit = user.has_perm("cases.change_case", case) and case.status in EDITABLE_FOR_DOCUMENTS
    return {
        "case": case,
        "tracker": tracker(case),
        "documents": documents,
        "requirements": [(item, checks.get(item.pk)) for item in case.scheme.requirements.order_by("order")],
        "units": scheme_outline(case.scheme),
        "profile": profile if profile and user.has_perm("accounts.view_applicantprofile", profile) else None,
        "is_owner": case.asesi_id == user.pk,
        "can_edit": can_edit,
        "can_replace_only_invalid": can_edit and case.status == CaseStatus.RETURNED,
        "can_verify": user.has_perm("cases.verify_case", case) and lifecycle.allows(case, "accept"),
        "can_assign": user.has_perm("cases.assign_asesor", case) and lifecycle.allows(case, "assign"),
        "eligible_asesors": eligible_asesors(case) if user.has_perm("cases.assign_asesor", case) else [],
        "signatures": signatures(case),
    }


APL02_STEPS = (SignatureStep.SELF_ASSESSMENT, SignatureStep.RECOMMENDATION)


def apl02_page(case, user) -> dict:
    answers = {
        item.element_id: item
        for item in SelfAssessment.objects.filter(case=case).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("id", "original_name"))
        )
    }
    units = [
        {"unit": unit, "elements": [{"element": e, "item": answers.get(e.pk)} for e in unit.elements]}
        for unit in scheme_outline(case.scheme)
    ]
    return {
        "case": case,
        "units": units,
        "evidence": list(
            case.evidence.filter(requirement__isnull=True, superseded=False).order_by("uploaded_at")
        ),
        "can_edit": user.has_perm("cases.change_case", case) and case.status == CaseStatus.VERIFIED,
        "can_review": user.has_perm("cases.review_case", case) and lifecycle.allows(case, "continue"),
        "answered": sum(1 for item in answers.values() if item.answer),
        "total": sum(len(unit["elements"]) for unit in units),
        # Nothing of FR.APL.02 is signed while it is open: no need to look.
        "signatures": []
        if case.status == CaseStatus.VERIFIED
        else [s for s in signatures(case) if s["signature"].step in APL02_STEPS],
    }
