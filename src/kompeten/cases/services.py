"""The certification case from FR.APL.01 to the assessor's FR.APL.02 review. Every change is a service:
one permission check, one transaction, one declared transition or audit event."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.accounts.models import ApplicantProfile, AssessorProfile, Role
from kompeten.accounts.selectors import lsp_admins
from kompeten.cases import filecheck, lifecycle
from kompeten.cases.models import (
    Case,
    CaseStatus,
    Evidence,
    EvidenceStatus,
    Purpose,
    RequirementCheck,
    SelfAssessment,
    SignatureStep,
)
from kompeten.cases.signing import sign
from kompeten.certificates.models import APPEAL_DECIDED, Appeal
from kompeten.core import counters, formdata
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.integrity import unique_columns
from kompeten.core.notify import notify
from kompeten.core.services import require_perm
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.standards.models import Element

FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EDITABLE_FOR_DOCUMENTS = (CaseStatus.DRAFT, CaseStatus.RETURNED)
NIK_PENDING = gettext_lazy(
    "Another account gave the same NIK as this candidate: decide whose it is (admin, candidate profiles) "
    "before accepting the application."
)


def _link(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("scheme", "asesi").get(pk=case.pk)


# --- FR.APL.01 ---------------------------------------------------------------------------------------


def appeal_pending(*, asesi, scheme_code: str) -> bool:
    """Whether the candidate's appeal in this scheme (FR.AK.04) awaits its panel's decision."""
    return (
        Appeal.objects.filter(case__asesi=asesi, case__scheme_code=scheme_code)
        .exclude(status__in=APPEAL_DECIDED)
        .exists()
    )


@transaction.atomic
def case_open(*, actor, scheme: Scheme, purpose: str, purpose_other: str = "") -> Case:
    """A candidate starts an application in an active scheme; it pins this version of the scheme."""
    if not actor.has_role(Role.ASESI):
        raise DomainError(_("Only candidates (asesi) apply for certification."))
    if scheme.status != SchemeStatus.ACTIVE:
        raise DomainError(_("This scheme is not open for applications."))
    if purpose not in Purpose.values:
        raise DomainError(_("Choose the purpose of the assessment."))
    if purpose == Purpose.OTHER and not purpose_other.strip():
        raise DomainError(_("Describe the other purpose of the assessment."))
    if appeal_pending(asesi=actor, scheme_code=scheme.code):
        raise DomainError(
            _("Your appeal in this scheme is still being heard; its outcome comes before a new application.")
        )
    case = Case(
        asesi=actor,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose=purpose,
        purpose_other=purpose_other.strip() if purpose == Purpose.OTHER else "",
        reference=next_case_reference(),
    )
    try:
        with transaction.atomic():
            lifecycle.case_create(
                actor=actor, case=case, name="open", data={"scheme": scheme.code, "version": scheme.version}
            )
    except IntegrityError as error:
        if unique_columns(error) == ("asesi_id", "scheme_code"):
            raise DomainError(_("You already have an open application for this scheme.")) from None
        raise
    return case


def next_case_reference() -> str:
    """``APL-<year>-<n>`` from the year's locked counter; call inside the transaction that saves the case."""
    prefix = f"APL-{timezone.localdate().year}-"
    number = counters.next_value(
        f"case:{prefix[4:8]}", start=lambda: counters.highest_suffix(Case.objects, "reference", prefix)
    )
    return f"{prefix}{number:06d}"


def file_kind(data: bytes) -> str | None:
    """The content type of an evidence file from its first bytes: PDF, JPEG or PNG, else None."""
    return next((kind for magic, kind in FILE_SIGNATURES.items() if data.startswith(magic)), None)


def max_upload_bytes() -> int:
    return settings.KOMPETEN_EVIDENCE_MAX_MB * 1024 * 1024


def too_large_message(size: int) -> str:
    return formdata.too_large_message(size, settings.KOMPETEN_EVIDENCE_MAX_MB)


def validated_file(name: str, data: bytes) -> str:
    """The content type of an upload that is a PDF, JPG or PNG within the size limit; else a clear refusal."""
    if not data:
        raise DomainError(_("The file is empty."))
    if len(data) > max_upload_bytes():
        raise DomainError(too_large_message(len(data)))
    kind = file_kind(data)
    if kind is None:
        raise DomainError(
            _("Only PDF, JPG or PNG files are accepted; “%(name)s” is none of them.") % {"name": name}
        )
    filecheck.refuse_unsafe(name, data, kind)
    return kind


@transaction.atomic
def evidence_upload(*, actor, case: Case, name: str, data: bytes, requirement=None) -> Evidence:
    """A file for a required document (FR.APL.01) or as evidence in the self-assessment (FR.APL.02).

    A returned application may only replace the documents the admin found not valid.
    """
    require_perm(actor, "cases.change_case", case)
    case = _locked(case)
    kind = validated_file(name, data)
    if requirement is not None:
        if requirement.scheme_id != case.scheme_id:
            raise DomainError(_("That document is not required by this scheme."))
        if case.status not in EDITABLE_FOR_DOCUMENTS:
            raise DomainError(_("The documents of this application can no longer be changed."))
        current = case.evidence.filter(requirement=requirement, superseded=False).first()
        if current is not None:
            if case.status == CaseStatus.RETURNED and current.status != EvidenceStatus.INVALID:
                raise DomainError(_("Only the documents marked not valid can be replaced."))
            current.superseded = True
            current.save(update_fields=["superseded"])
    elif case.status != CaseStatus.VERIFIED:
        raise DomainError(_("Evidence for the self-assessment can be added while it is open."))
    evidence = Evidence(
        case=case,
        requirement=requirement,
        original_name=name[:255] or "berkas",
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    evidence.file.save("upload", ContentFile(data), save=False)
    evidence.save()
    audit_log(
        actor=actor,
        code="kompeten.case.evidence_uploaded",
        obj=case,
        data={
            "evidence": evidence.pk,
            "requirement": requirement.pk if requirement else None,
            "sha256": evidence.sha256,
        },
    )
    return evidence


@transaction.atomic
def case_submit(*, actor, case: Case, declaration: bool) -> Case:
    """The candidate submits FR.APL.01, declaring the data true; it is signed and goes to the admin."""
    require_perm(actor, "cases.change_case", case)
    case = _locked(case)
    if not declaration:
        raise DomainError(_("Tick the declaration that the data and documents are true."))
    profile = ApplicantProfile.objects.filter(user=case.asesi).first()
    if profile is None or not profile.is_complete:
        raise DomainError(_("Complete your profile before you submit the application."))
    uploaded = set(
        case.evidence.filter(superseded=False, requirement__isnull=False).values_list(
            "requirement", flat=True
        )
    )
    missing = [
        item.text for item in case.scheme.evidence.order_by("-kind", "order") if item.pk not in uploaded
    ]
    if missing:
        raise DomainError(
            _("Upload every required document first. Missing: %(list)s") % {"list": "; ".join(missing)}
        )
    if case.evidence.filter(superseded=False, status=EvidenceStatus.INVALID).exists():
        raise DomainError(_("Replace the documents marked not valid first."))
    case.submitted_at = timezone.now()
    case.save(update_fields=["submitted_at"])
    lifecycle.case_move(actor=actor, case=case, name="submit")
    sign(case, SignatureStep.DECLARATION, actor)
    for admin in lsp_admins():
        notify(
            admin,
            _("Application %(ref)s is waiting for verification.") % {"ref": case.reference},
            _link(case),
        )
    return case


@dataclass
class DocumentDecision:
    valid: bool
    note: str = ""


@transaction.atomic
def case_verify(
    *,
    actor,
    case: Case,
    documents: dict[int, DocumentDecision],
    requirements: dict[int, bool],
    outcome: str,
    note: str = "",
) -> Case:
    """FR.APL.01 part 3: each document valid or not (with a note), each requirement met or not, then the
    application accepted, returned for revision, or rejected with a reason."""
    require_perm(actor, "cases.verify_case", case)
    case = _locked(case)
    if case.status != CaseStatus.SUBMITTED:
        raise DomainError(lifecycle.refused("accept"))
    current = list(case.evidence.filter(superseded=False, requirement__isnull=False))
    if {item.pk for item in current} - set(documents):
        raise DomainError(_("Decide on every document: valid or not valid."))
    for item in current:
        decision = documents[item.pk]
        if not decision.valid and not decision.note.strip():
            raise DomainError(_("Say why “%(name)s” is not valid.") % {"name": item.original_name})
        lifecycle.evidence_judge(actor=actor, evidence=item, valid=decision.valid, note=decision.note.strip())
    scheme_requirements = list(case.scheme.requirements.all())
    if {item.pk for item in scheme_requirements} - set(requirements):
        raise DomainError(_("Mark every basic requirement as met or not met."))
    case.requirement_checks.all().delete()
    RequirementCheck.objects.bulk_create(
        RequirementCheck(case=case, requirement=item, met=requirements[item.pk])
        for item in scheme_requirements
    )
    all_valid = all(item.status == EvidenceStatus.VALID for item in current)
    if outcome == "accept":
        if not all_valid or not all(requirements[item.pk] for item in scheme_requirements):
            raise DomainError(
                _("An application is accepted only when every document is valid and every requirement met.")
            )
        if ApplicantProfile.objects.filter(user=case.asesi_id, nik_pending=True).exists():
            raise DomainError(NIK_PENDING)
        step = "accept"
    elif outcome == "return":
        if all_valid:
            raise DomainError(_("Mark the documents the candidate must replace as not valid."))
        step = "return"
    elif outcome == "reject":
        if not note.strip():
            raise DomainError(_("Give the reason for rejecting the application."))
        step = "reject"
    else:
        raise DomainError(_("Choose accept, return for revision, or reject."))
    case.verification_note, case.verified_by, case.verified_at = note.strip(), actor, timezone.now()
    case.save(update_fields=["verification_note", "verified_by", "verified_at"])
    lifecycle.case_move(actor=actor, case=case, name=step, data={"outcome": outcome})
    sign(case, SignatureStep.VERIFICATION, actor)
    messages_by_outcome = {
        "accept": _("Your application %(ref)s is verified. Fill in the self-assessment (FR.APL.02)."),
        "return": _("Your application %(ref)s was returned: replace the documents marked not valid."),
        "reject": _("Your application %(ref)s was rejected: %(note)s"),
    }
    notify(
        case.asesi, messages_by_outcome[outcome] % {"ref": case.reference, "note": note.strip()}, _link(case)
    )
    return case


# --- FR.APL.02 ---------------------------------------------------------------------------------------


class StaleAnswer(DomainError):
    """Another tab or device saved this answer after the page was loaded."""


def case_elements(case: Case) -> list[Element]:
    """The elements of the case's scheme version, unit by unit in the scheme's order."""
    scheme_units = case.scheme.scheme_units.order_by("order").prefetch_related(
        Prefetch("unit__elements", queryset=Element.objects.order_by("order"))
    )
    return [element for scheme_unit in scheme_units for element in scheme_unit.unit.elements.all()]


@transaction.atomic
def self_assessment_save(
    *,
    actor,
    case: Case,
    element: Element,
    version: int,
    answer: str | None = None,
    evidence_note: str | None = None,
    evidence_ids: list[int] | None = None,
) -> SelfAssessment:
    """Autosave of one FR.APL.02 answer. ``version`` is the one the page was showing: an older one means the
    answer changed elsewhere meanwhile, and the save is refused instead of overwriting it."""
    require_perm(actor, "cases.change_case", case)
    case = _locked(case)
    if case.status != CaseStatus.VERIFIED:
        raise DomainError(_("The self-assessment is locked."))
    if not case.scheme.scheme_units.filter(unit__elements=element).exists():
        raise DomainError(_("That element is not part of this scheme."))
    item, _created = SelfAssessment.objects.select_for_update().get_or_create(case=case, element=element)
    if item.version != version:
        raise StaleAnswer(
            _("This answer was changed in another tab or device. Reload the page to see the latest answer.")
        )
    if answer is not None:
        if answer not in ("K", "BK", ""):
            raise DomainError(_("Answer K or BK."))
        item.answer = answer
    if evidence_note is not None:
        item.evidence_note = evidence_note[:2000]
    item.version += 1
    item.save()
    if evidence_ids is not None:
        item.evidence.set(case.evidence.filter(pk__in=evidence_ids, superseded=False))
    return item


@transaction.atomic
def self_assessment_submit(*, actor, case: Case) -> Case:
    """The candidate submits FR.APL.02: every element answered; the answers are signed and locked."""
    require_perm(actor, "cases.change_case", case)
    case = _locked(case)
    if case.status != CaseStatus.VERIFIED:
        raise DomainError(lifecycle.refused("self_assess"))
    answered = set(case.self_assessments.exclude(answer="").values_list("element_id", flat=True))
    unanswered = [element for element in case_elements(case) if element.pk not in answered]
    if unanswered:
        raise DomainError(
            _("Answer K or BK for every element first (%(n)s still open).") % {"n": len(unanswered)}
        )
    case.apl02_submitted_at = timezone.now()
    case.save(update_fields=["apl02_submitted_at"])
    lifecycle.case_move(actor=actor, case=case, name="self_assess")
    sign(case, SignatureStep.SELF_ASSESSMENT, actor)
    for admin in lsp_admins():
        notify(
            admin,
            _("%(ref)s: the self-assessment is in; assign an assessor.") % {"ref": case.reference},
            _link(case),
        )
    return case


# --- the assessor ------------------------------------------------------------------------------------


def eligible_asesors(case: Case):
    """Assessors who may review this case: a valid licence and the scheme in their scope."""
    profiles = AssessorProfile.objects.filter(
        user__is_active=True,
        user__role_assignments__role=Role.ASESOR,
        licence_expires_on__gte=timezone.localdate(),
        schemes__code=case.scheme.code,
    ).select_related("user")
    return [profile.user for profile in profiles.distinct().order_by("user__full_name")]


@transaction.atomic
def asesor_assign(*, actor, case: Case, asesor) -> Case:
    require_perm(actor, "cases.assign_asesor", case)
    case = _locked(case)
    if asesor not in eligible_asesors(case):
        raise DomainError(
            _(
                "%(name)s cannot assess this case: the assessor needs a valid licence and this scheme in scope."
            )
            % {"name": asesor}
        )
    case.asesor = asesor
    case.save(update_fields=["asesor"])
    lifecycle.case_move(actor=actor, case=case, name="assign", data={"asesor": asesor.pk})
    notify(
        asesor, _("You are assigned to review %(ref)s (FR.APL.02).") % {"ref": case.reference}, _link(case)
    )
    notify(
        case.asesi,
        _("An assessor has been assigned to your application %(ref)s.") % {"ref": case.reference},
        _link(case),
    )
    return case


@transaction.atomic
def apl02_review(*, actor, case: Case, can_continue: bool, note: str = "") -> Case:
    """The assigned assessor's recommendation on FR.APL.02: the assessment can or cannot continue."""
    require_perm(actor, "cases.review_case", case)
    case = _locked(case)
    if not can_continue and not note.strip():
        raise DomainError(_("Say why the assessment cannot continue."))
    case.review_note, case.reviewed_at = note.strip(), timezone.now()
    case.save(update_fields=["review_note", "reviewed_at"])
    lifecycle.case_move(actor=actor, case=case, name="continue" if can_continue else "not_continue")
    sign(case, SignatureStep.RECOMMENDATION, actor)
    text = (
        _("Your assessor reviewed %(ref)s: the assessment can continue.")
        if can_continue
        else _("Your assessor reviewed %(ref)s: the assessment cannot continue. %(note)s")
    )
    notify(case.asesi, text % {"ref": case.reference, "note": note.strip()}, _link(case))
    return case
