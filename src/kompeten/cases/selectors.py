"""What the case pages show, in a fixed number of queries whatever the number of units."""

from dataclasses import dataclass, field

from kompeten.accounts.models import ApplicantProfile
from kompeten.cases import lifecycle
from kompeten.cases.models import CaseStatus, SelfAssessment, SignatureStep
from kompeten.cases.services import EDITABLE_FOR_DOCUMENTS, eligible_asesors
from kompeten.cases.signing import signature_is_intact

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
    """The scheme's units, elements and KUK in order, as plain data: one query, no model instances."""
    rows = scheme.scheme_units.order_by(
        "order",
        "unit__elements__order",
        "unit__elements__pk",
        "unit__elements__criteria__order",
        "unit__elements__criteria__pk",
    ).values_list(
        "unit_id",
        "unit__code",
        "unit__title",
        "unit__elements__pk",
        "unit__elements__number",
        "unit__elements__title",
        "unit__elements__criteria__pk",
        "unit__elements__criteria__number",
        "unit__elements__criteria__text",
    )
    units: dict[int, UnitOutline] = {}
    element = None
    for unit_id, code, title, element_pk, number, element_title, kuk_pk, kuk_number, kuk_text in rows:
        unit = units.get(unit_id)
        if unit is None:
            unit = units[unit_id] = UnitOutline(unit_id, code, title)
        if element_pk is None:
            continue
        if element is None or element.pk != element_pk:
            element = ElementOutline(element_pk, number, element_title)
            unit.elements.append(element)
        if kuk_pk is not None:
            element.kuk.append(KukLine(kuk_pk, kuk_number, kuk_text))
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


def _apl02_answers(case) -> dict[int, dict]:
    """Each answered element's FR.APL.02 answer as plain data, keyed by element id, in one query: ``answer``,
    ``evidence_note``, ``version``, the ``evidence`` files ticked (``pk``, ``original_name``, in upload order)
    and their ``evidence_ids``. Rendering the form then reads no model and runs no query."""
    answers: dict[int, dict] = {}
    rows = (
        SelfAssessment.objects.filter(case=case)
        .order_by("pk", "evidence__uploaded_at", "evidence__pk")
        .values_list(
            "element_id", "answer", "evidence_note", "version", "evidence__pk", "evidence__original_name"
        )
    )
    for element_id, answer, note, version, evidence_pk, evidence_name in rows:
        item = answers.get(element_id)
        if item is None:
            item = answers[element_id] = {
                "answer": answer,
                "evidence_note": note,
                "version": version,
                "evidence": [],
                "evidence_ids": set(),
            }
        if evidence_pk is not None:
            item["evidence"].append({"pk": evidence_pk, "original_name": evidence_name})
            item["evidence_ids"].add(evidence_pk)
    return answers


def apl02_page(case, user) -> dict:
    answers = _apl02_answers(case)
    units = [
        {"unit": unit, "elements": [{"element": e, "item": answers.get(e.pk)} for e in unit.elements]}
        for unit in scheme_outline(case.scheme)
    ]
    return {
        "case": case,
        "units": units,
        "evidence": list(
            case.evidence.filter(requirement__isnull=True, superseded=False)
            .order_by("uploaded_at")
            .values("pk", "original_name")
        ),
        "can_edit": user.has_perm("cases.change_case", case) and case.status == CaseStatus.VERIFIED,
        "can_review": user.has_perm("cases.review_case", case) and lifecycle.allows(case, "continue"),
        "answered": sum(1 for item in answers.values() if item["answer"]),
        "total": sum(len(unit["elements"]) for unit in units),
        # Nothing of FR.APL.02 is signed while it is open: no need to look.
        "signatures": []
        if case.status == CaseStatus.VERIFIED
        else [s for s in signatures(case) if s["signature"].step in APL02_STEPS],
    }
