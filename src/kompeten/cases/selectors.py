"""What the case pages show, in a fixed number of queries whatever the number of units."""

from django.db.models import Prefetch

from kompeten.accounts.models import ApplicantProfile
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
    (CaseStatus.CONTINUE, "Asesmen"),
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
}


def scheme_units_with_content(scheme):
    return list(
        scheme.scheme_units.order_by("order")
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "unit__elements",
                queryset=Element.objects.order_by("order").prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
                ),
            )
        )
    )


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
        "scheme_units": scheme_units_with_content(case.scheme),
        "profile": profile if profile and user.has_perm("accounts.view_applicantprofile", profile) else None,
        "is_owner": case.asesi_id == user.pk,
        "can_edit": can_edit,
        "can_replace_only_invalid": can_edit and case.status == CaseStatus.RETURNED,
        "can_verify": user.has_perm("cases.verify_case", case) and case.status == CaseStatus.SUBMITTED,
        "can_assign": user.has_perm("cases.assign_asesor", case) and case.status == CaseStatus.SELF_ASSESSED,
        "eligible_asesors": eligible_asesors(case) if user.has_perm("cases.assign_asesor", case) else [],
        "signatures": signatures(case),
    }


def apl02_page(case, user) -> dict:
    answers = {
        item.element_id: item
        for item in SelfAssessment.objects.filter(case=case).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("id", "original_name"))
        )
    }
    units = []
    for scheme_unit in scheme_units_with_content(case.scheme):
        elements = [
            {"element": element, "item": answers.get(element.pk)}
            for element in scheme_unit.unit.elements.all()
        ]
        units.append({"unit": scheme_unit.unit, "elements": elements})
    return {
        "case": case,
        "units": units,
        "evidence": list(
            case.evidence.filter(requirement__isnull=True, superseded=False).order_by("uploaded_at")
        ),
        "can_edit": user.has_perm("cases.change_case", case) and case.status == CaseStatus.VERIFIED,
        "can_review": user.has_perm("cases.review_case", case) and case.status == CaseStatus.ASESOR_ASSIGNED,
        "answered": sum(1 for item in answers.values() if item.answer),
        "total": sum(len(unit["elements"]) for unit in units),
        "signatures": [
            s
            for s in signatures(case)
            if s["signature"].step in (SignatureStep.SELF_ASSESSMENT, SignatureStep.RECOMMENDATION)
        ],
    }
