import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from kompeten.cases import services
from kompeten.cases.models import Case, CaseStatus, EvidenceStatus, Signature, SignatureStep
from kompeten.cases.services import DocumentDecision
from kompeten.cases.signing import signature_is_intact
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.core.models import Notification
from kompeten.schemes.services import scheme_create
from tests.case_fixtures import PDF, png


def accept_all(case):
    return services.case_verify(
        actor=case_admin(case),
        case=case,
        documents={e.pk: DocumentDecision(True) for e in case.evidence.filter(superseded=False)},
        requirements={r.pk: True for r in case.scheme.requirements.all()},
        outcome="accept",
    )


def case_admin(case):
    from kompeten.accounts.models import User

    return User.objects.get(email="admin@lsp.id")


def test_a_candidate_opens_an_application_that_pins_the_scheme_version(draft, scheme):
    assert (draft.status, draft.scheme, draft.scheme_code) == (CaseStatus.DRAFT, scheme, scheme.code)
    assert draft.reference.startswith("APL-")
    assert audit_events_for(draft)[0].code == "kompeten.case.opened"


def test_only_one_open_application_per_scheme(draft, applicant, scheme):
    with pytest.raises(DomainError, match="sudah memiliki permohonan yang masih berjalan"):
        services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")
    assert Case.objects.count() == 1


def test_only_active_schemes_and_known_purposes(cast, applicant, scheme):
    draft_scheme = scheme_create(actor=None, code="X/1", title="Draf", kind="okupasi")
    with pytest.raises(DomainError, match="tidak dibuka"):
        services.case_open(actor=applicant, scheme=draft_scheme, purpose="sertifikasi")
    with pytest.raises(DomainError, match="Jelaskan tujuan asesmen lainnya"):
        services.case_open(actor=applicant, scheme=scheme, purpose="lainnya")
    with pytest.raises(DomainError, match="Hanya asesi"):
        services.case_open(actor=cast.asesor, scheme=scheme, purpose="sertifikasi")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a....", "Hanya berkas PDF, JPG, atau PNG"),
        (b"", "kosong"),
        (b"%PDF-" + b"0" * (6 * 1024 * 1024), "terlalu besar"),
    ],
    ids=["gif", "empty", "too-large"],
)
def test_evidence_is_recognised_by_content_and_limited_in_size(draft, data, message):
    requirement = draft.scheme.evidence.first()
    with pytest.raises(DomainError, match=message):
        services.evidence_upload(
            actor=draft.asesi, case=draft, name="ijazah.pdf", data=data, requirement=requirement
        )
    assert not draft.evidence.exists()


def test_a_png_is_accepted_and_its_hash_kept(draft):
    evidence = services.evidence_upload(
        actor=draft.asesi, case=draft, name="ktp.png", data=png(), requirement=draft.scheme.evidence.last()
    )
    assert evidence.content_type == "image/png" and len(evidence.sha256) == 64


def test_submitting_needs_every_document_and_the_declaration(draft):
    with pytest.raises(DomainError, match="Centang pernyataan"):
        services.case_submit(actor=draft.asesi, case=draft, declaration=False)
    with pytest.raises(DomainError, match="Belum ada: Fotokopi ijazah; Fotokopi KTP"):
        services.case_submit(actor=draft.asesi, case=draft, declaration=True)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_submitting_signs_the_declaration_and_tells_the_admin(with_documents, cast):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    assert case.status == CaseStatus.SUBMITTED
    signature = Signature.objects.get(case=case, step=SignatureStep.DECLARATION)
    assert signature.signer == case.asesi and len(signature.content_sha256) == 64
    assert signature.content["candidate"]["nik"] == "3171************"
    assert signature_is_intact(signature)
    assert Notification.objects.filter(user=cast.admin_lsp, text__contains=case.reference).exists()


def test_a_changed_file_breaks_the_signature(with_documents):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    signature = Signature.objects.get(case=case, step=SignatureStep.DECLARATION)
    evidence = case.evidence.first()
    with open(evidence.file.path, "wb") as handle:
        handle.write(PDF + b"% tampered")
    assert not signature_is_intact(signature)


def test_changed_profile_data_breaks_the_declaration_signature(with_documents):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    signature = Signature.objects.get(case=case, step=SignatureStep.DECLARATION)
    profile = case.asesi.applicant_profile
    profile.address = "Alamat lain"
    profile.save()
    assert not signature_is_intact(signature)


def test_the_admin_returns_one_document_and_only_that_one_can_be_replaced(with_documents, cast):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    ijazah, ktp = case.evidence.order_by("pk")
    with pytest.raises(DomainError, match="Sebutkan alasan"):
        services.case_verify(
            actor=cast.admin_lsp,
            case=case,
            documents={ijazah.pk: DocumentDecision(False), ktp.pk: DocumentDecision(True)},
            requirements={r.pk: True for r in case.scheme.requirements.all()},
            outcome="return",
        )
    case = services.case_verify(
        actor=cast.admin_lsp,
        case=case,
        documents={
            ijazah.pk: DocumentDecision(False, "Buram, tidak terbaca"),
            ktp.pk: DocumentDecision(True),
        },
        requirements={r.pk: True for r in case.scheme.requirements.all()},
        outcome="return",
    )
    assert case.status == CaseStatus.RETURNED
    assert (mail.outbox and case.asesi.email in mail.outbox[-1].to) or Notification.objects.filter(
        user=case.asesi
    ).exists()
    with pytest.raises(DomainError, match="Hanya dokumen yang ditandai tidak valid"):
        services.evidence_upload(
            actor=case.asesi, case=case, name="ktp2.pdf", data=PDF, requirement=ktp.requirement
        )
    services.evidence_upload(
        actor=case.asesi, case=case, name="ijazah-jelas.pdf", data=PDF + b"%2", requirement=ijazah.requirement
    )
    ijazah.refresh_from_db()
    assert ijazah.superseded and ijazah.note == "Buram, tidak terbaca"  # kept, with the admin's note
    judged = [(event.code, event.data["from"], event.data["to"]) for event in audit_events_for(ijazah)]
    assert judged == [("kompeten.evidence.invalid", "pending", "invalid")]  # each finding is a declared step
    assert [event.code for event in audit_events_for(ktp)] == ["kompeten.evidence.valid"]
    case = services.case_submit(actor=case.asesi, case=case, declaration=True)
    assert case.status == CaseStatus.SUBMITTED
    assert case.evidence.filter(superseded=False).count() == 2


def test_accepting_needs_every_document_valid_and_rejecting_needs_a_reason(with_documents, cast):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    docs = {e.pk: DocumentDecision(True) for e in case.evidence.all()}
    reqs = {r.pk: True for r in case.scheme.requirements.all()}
    with pytest.raises(DomainError, match="alasan penolakan"):
        services.case_verify(
            actor=cast.admin_lsp, case=case, documents=docs, requirements=reqs, outcome="reject"
        )
    with pytest.raises(DomainError, match="setiap persyaratan dasar"):
        services.case_verify(
            actor=cast.admin_lsp, case=case, documents=docs, requirements={}, outcome="accept"
        )
    case = services.case_verify(
        actor=cast.admin_lsp, case=case, documents=docs, requirements=reqs, outcome="accept"
    )
    assert case.status == CaseStatus.VERIFIED
    assert case.evidence.filter(status=EvidenceStatus.VALID).count() == 2
    assert signature_is_intact(Signature.objects.get(case=case, step=SignatureStep.VERIFICATION))
    with pytest.raises(DomainError, match="Hanya permohonan yang sudah diajukan"):
        services.case_verify(
            actor=cast.admin_lsp, case=case, documents=docs, requirements=reqs, outcome="accept"
        )


def verified(with_documents):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    return accept_all(case)


def test_self_assessment_autosave_refuses_a_stale_version(with_documents):
    case = verified(with_documents)
    element = services.case_elements(case)[0]
    first = services.self_assessment_save(actor=case.asesi, case=case, element=element, version=0, answer="K")
    assert first.version == 1
    with pytest.raises(services.StaleAnswer, match="diubah di tab atau perangkat lain"):
        services.self_assessment_save(actor=case.asesi, case=case, element=element, version=0, answer="BK")
    first.refresh_from_db()
    assert first.answer == "K"


def test_the_self_assessment_needs_every_element_then_locks(with_documents, cast):
    case = verified(with_documents)
    elements = services.case_elements(case)
    assert len(elements) == 3
    with pytest.raises(DomainError, match="masih 3"):
        services.self_assessment_submit(actor=case.asesi, case=case)
    evidence = services.evidence_upload(actor=case.asesi, case=case, name="sertifikat.pdf", data=PDF + b"%3")
    for element in elements:
        services.self_assessment_save(
            actor=case.asesi, case=case, element=element, version=0, answer="K", evidence_ids=[evidence.pk]
        )
    case = services.self_assessment_submit(actor=case.asesi, case=case)
    assert case.status == CaseStatus.SELF_ASSESSED
    with pytest.raises(DomainError, match="terkunci"):
        services.self_assessment_save(
            actor=case.asesi, case=case, element=elements[0], version=1, answer="BK"
        )


def self_assessed(with_documents):
    case = verified(with_documents)
    for element in services.case_elements(case):
        services.self_assessment_save(actor=case.asesi, case=case, element=element, version=0, answer="K")
    return services.self_assessment_submit(actor=case.asesi, case=case)


def test_only_an_eligible_assessor_can_be_assigned(with_documents, cast, asesor):
    case = self_assessed(with_documents)
    with pytest.raises(DomainError, match="lisensi yang masih berlaku"):
        services.asesor_assign(actor=cast.admin_lsp, case=case, asesor=cast.komite)
    asesor.assessor_profile.schemes.clear()
    with pytest.raises(DomainError) as refused:
        services.asesor_assign(actor=cast.admin_lsp, case=case, asesor=asesor)
    assert str(refused.value) == (
        f"{asesor} tidak dapat menilai permohonan ini: asesor harus memiliki lisensi yang masih berlaku dan "
        "skema ini dalam ruang lingkupnya."
    )
    asesor.assessor_profile.schemes.add(case.scheme)
    case = services.asesor_assign(actor=cast.admin_lsp, case=case, asesor=asesor)
    assert (case.status, case.asesor) == (CaseStatus.ASESOR_ASSIGNED, asesor)
    assert cast.asesor.has_perm("accounts.view_applicantprofile", case.asesi.applicant_profile)


def test_an_expired_licence_keeps_an_assessor_off_the_case(with_documents, cast, asesor):
    import datetime

    case = self_assessed(with_documents)
    asesor.assessor_profile.licence_expires_on = datetime.date(2020, 1, 1)
    asesor.assessor_profile.save()
    assert services.eligible_asesors(case) == []


def test_the_assigned_assessor_recommends_and_the_candidate_is_told(with_documents, cast, asesor):
    case = services.asesor_assign(actor=cast.admin_lsp, case=self_assessed(with_documents), asesor=asesor)
    with pytest.raises(PermissionDenied):
        services.apl02_review(actor=cast.komite, case=case, can_continue=True)
    with pytest.raises(DomainError, match="tidak dapat dilanjutkan"):
        services.apl02_review(actor=asesor, case=case, can_continue=False)
    case = services.apl02_review(actor=asesor, case=case, can_continue=True, note="Bukti memadai")
    assert case.status == CaseStatus.CONTINUE
    assert signature_is_intact(Signature.objects.get(case=case, step=SignatureStep.RECOMMENDATION))
    assert Notification.objects.filter(user=case.asesi, text__contains="dapat dilanjutkan").exists()


@pytest.mark.parametrize("who", ["other_applicant", "asesor_not_assigned"])
def test_nobody_else_changes_a_candidates_case(draft, who, other_applicant, cast):
    actor = other_applicant if who == "other_applicant" else cast.asesor
    with pytest.raises(PermissionDenied):
        services.evidence_upload(
            actor=actor, case=draft, name="x.pdf", data=PDF, requirement=draft.scheme.evidence.first()
        )
    with pytest.raises(PermissionDenied):
        services.case_submit(actor=actor, case=draft, declaration=True)
