import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompeten.cases import services
from kompeten.cases.models import Case, CaseStatus
from kompeten.schemes.models import SchemeStatus
from tests.case_fixtures import PDF
from tests.factories import SchemeFactory, UnitFactory


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"pk": case.pk, **kwargs})


def upload_all(client, case):
    for requirement in case.scheme.evidence.all():
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.post(
            url("document_upload", case, requirement_pk=requirement.pk),
            {"file": SimpleUploadedFile(f"{requirement.text}.pdf", PDF)},
        )


def test_the_candidate_applies_uploads_and_submits_through_the_pages(client, applicant, scheme):
    client.force_login(applicant)
    response = client.post(reverse("cases:new", kwargs={"scheme_pk": scheme.pk}), {"purpose": "sertifikasi"})
    case = Case.objects.get()
    assert response.url == url("detail", case)
    page = client.get(url("detail", case)).content.decode()
    assert "Fotokopi ijazah" in page and "Bagian 3" in page
    upload_all(client, case)
    response = client.post(url("submit", case), {}, follow=True)
    assert "Centang pernyataan" in response.content.decode()
    response = client.post(url("submit", case), {"declaration": "on"}, follow=True)
    assert "Permohonan Anda telah diajukan." in response.content.decode()
    response = client.post(url("submit", case), {"declaration": "on"}, follow=True)  # double submission
    assert "Hanya permohonan berstatus draf atau dikembalikan" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.signatures.count() == 1


def test_a_wrong_file_type_is_refused_on_the_page(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(draft.asesi)
    requirement = draft.scheme.evidence.first()
    response = client.post(
        url("document_upload", draft, requirement_pk=requirement.pk),
        {"file": SimpleUploadedFile("ijazah.pdf", b"MZ\x90\x00 an executable")},
        follow=True,
    )
    assert "Hanya berkas PDF, JPG, atau PNG yang diterima" in response.content.decode()
    assert not draft.evidence.exists()


def test_the_admin_verifies_from_the_queue(client, with_documents, cast):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    client.force_login(cast.admin_lsp)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert case.reference in queue
    data = {f"document-{e.pk}": "valid" for e in case.evidence.all()}
    data |= {f"requirement-{r.pk}": "met" for r in case.scheme.requirements.all()}
    response = client.post(url("verify", case), {**data, "outcome": "accept"}, follow=True)
    assert "Permohonan diterima." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.VERIFIED


def verified_case(with_documents):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    from kompeten.accounts.models import User

    return services.case_verify(
        actor=User.objects.get(email="admin@lsp.id"),
        case=case,
        documents={e.pk: services.DocumentDecision(True) for e in case.evidence.all()},
        requirements={r.pk: True for r in case.scheme.requirements.all()},
        outcome="accept",
    )


def test_apl02_autosaves_and_refuses_a_stale_tab_visibly(client, with_documents):
    case = verified_case(with_documents)
    element = services.case_elements(case)[0]
    client.force_login(case.asesi)
    response = client.post(url("apl02_save", case, element_pk=element.pk), {"version": "0", "answer": "K"})
    assert response.status_code == 200 and 'name="version" value="1"' in response.content.decode()
    stale = client.post(url("apl02_save", case, element_pk=element.pk), {"version": "0", "answer": "BK"})
    assert stale.status_code == 409
    assert "diubah di tab atau perangkat lain" in stale.content.decode()
    assert case.self_assessments.get(element=element).answer == "K"


def test_an_autosave_with_a_garbled_version_or_file_ids_is_refused_as_stale_not_a_500(client, with_documents):
    case = verified_case(with_documents)
    element = services.case_elements(case)[0]
    client.force_login(case.asesi)
    save = url("apl02_save", case, element_pk=element.pk)
    for version in ("1e3", "٣", "9" * 40, ""):
        response = client.post(save, {"version": version, "answer": "K"})
        assert (
            response.status_code == 409 and "diubah di tab atau perangkat lain" in response.content.decode()
        )
    kept = client.post(
        save, {"version": "0", "answer": "K", "evidence_sent": "1", "evidence": ["9" * 40, "x"]}
    )
    assert kept.status_code == 200
    assert list(case.self_assessments.get(element=element).evidence.all()) == []


def test_an_assessor_that_is_not_a_user_id_is_asked_for_again(client, with_documents, cast):
    case = verified_case(with_documents)
    client.force_login(cast.admin_lsp)
    for asesor in ("NaN", "1e9", "9" * 40, ""):
        response = client.post(url("assign", case), {"asesor": asesor}, follow=True)
        assert response.status_code == 200 and "Pilih asesor." in response.content.decode()
    case.refresh_from_db()
    assert case.asesor is None


def test_the_apl02_page_lays_out_units_elements_and_kuk(client, with_documents):
    case = verified_case(with_documents)
    client.force_login(case.asesi)
    page = client.get(url("apl02", case)).content.decode()
    assert "Dapatkah saya" in page and "Bukti yang relevan" in page
    assert "Kriteria 1.2 dipenuhi." in page
    assert page.count('value="K"') == 3


def test_the_apl02_page_shows_each_saved_answer_with_its_ticked_files_note_and_version(
    client, with_documents
):
    import re

    from kompeten.documents.views import fr_apl_02_context

    case = verified_case(with_documents)
    first, second, third = services.case_elements(case)
    ijazah = services.evidence_upload(actor=case.asesi, case=case, name="ijazah.pdf", data=PDF)
    laporan = services.evidence_upload(actor=case.asesi, case=case, name="laporan.pdf", data=PDF)
    services.self_assessment_save(
        actor=case.asesi, case=case, element=first, version=0, answer="K", evidence_note="Laporan kerja 2025"
    )
    services.self_assessment_save(
        actor=case.asesi, case=case, element=first, version=1, evidence_ids=[laporan.pk, ijazah.pk]
    )
    services.self_assessment_save(actor=case.asesi, case=case, element=second, version=0, answer="BK")
    client.force_login(case.asesi)
    page = client.get(url("apl02", case)).content.decode()

    def form(element):
        return re.search(rf'<form id="element-{element.pk}".*?</form>', page, re.S).group(0)

    def ticked(html):
        return sorted(int(pk) for pk in re.findall(r'name="evidence" value="(\d+)" checked', html))

    assert 'value="K" checked' in form(first) and "Laporan kerja 2025" in form(first)
    assert ticked(form(first)) == sorted([ijazah.pk, laporan.pk])
    assert 'name="version" value="2"' in form(first)
    assert 'value="BK" checked' in form(second) and ticked(form(second)) == []
    assert "checked" not in form(third) and 'name="version" value="0"' in form(third)
    assert "2 dari 3 elemen sudah dijawab." in page
    items = [row["item"] for unit in fr_apl_02_context(case, case.asesi)["units"] for row in unit["elements"]]
    assert [file["original_name"] for file in items[0]["evidence"]] == ["ijazah.pdf", "laporan.pdf"]
    assert items[1]["evidence"] == [] and items[2] is None


def test_the_apl02_page_costs_the_same_queries_for_few_or_many_units(client, cast, applicant):
    from tests.case_fixtures import complete_profile

    def page_queries(units: int) -> int:
        scheme = SchemeFactory(
            status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=3) for _ in range(units)]
        )
        case = Case.objects.create(
            reference=f"APL-T-{units}",
            asesi=applicant,
            scheme=scheme,
            scheme_code=scheme.code,
            purpose="sertifikasi",
            status=CaseStatus.VERIFIED,
        )
        client.force_login(applicant)
        client.get(url("apl02", case))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("apl02", case)).status_code == 200
        return len(queries)

    complete_profile(applicant)
    assert page_queries(1) == page_queries(8)


CASE_URLS = ["detail", "apl02", "submit", "verify", "assign", "review", "apl02_submit", "apl02_evidence"]


@pytest.mark.parametrize("name", CASE_URLS)
def test_another_candidate_can_neither_see_nor_change_the_case(client, with_documents, other_applicant, name):
    client.force_login(other_applicant)
    method = client.get if name in ("detail", "apl02") else client.post
    assert method(url(name, with_documents)).status_code == 403


def test_another_candidate_cannot_open_the_files(client, with_documents, other_applicant, cast):
    evidence = with_documents.evidence.first()
    client.force_login(other_applicant)
    assert client.get(url("evidence_file", with_documents, evidence_pk=evidence.pk)).status_code == 403
    client.force_login(with_documents.asesi)
    response = client.get(url("evidence_file", with_documents, evidence_pk=evidence.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(cast.admin_lsp)
    assert client.get(url("evidence_file", with_documents, evidence_pk=evidence.pk)).status_code == 200


def test_a_file_name_with_quotes_is_served_under_a_well_formed_header(client, with_documents):
    evidence = with_documents.evidence.first()
    evidence.original_name = 'ijazah "asli"; x.pdf'
    evidence.save(update_fields=["original_name"])
    client.force_login(with_documents.asesi)
    response = client.get(url("evidence_file", with_documents, evidence_pk=evidence.pk))
    assert response["Content-Disposition"] == f'attachment; filename="{evidence.pk}-ijazah \\"asli\\"; x.pdf"'


def test_evidence_is_downloaded_never_shown_as_a_page_of_kompeten(client, with_documents):
    evidence = with_documents.evidence.first()
    evidence.original_name = "ktp.html"
    evidence.save(update_fields=["original_name"])
    client.force_login(with_documents.asesi)
    response = client.get(url("evidence_file", with_documents, evidence_pk=evidence.pk))
    assert response["Content-Disposition"] == f'attachment; filename="{evidence.pk}-ktp.html.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'none'"


def test_an_unassigned_assessor_sees_nothing_until_assigned(client, with_documents, cast, asesor):
    client.force_login(asesor)
    assert client.get(url("detail", with_documents)).status_code == 403
    assert (
        client.get(
            url("evidence_file", with_documents, evidence_pk=with_documents.evidence.first().pk)
        ).status_code
        == 403
    )


@pytest.mark.parametrize("role", ["asesi", "asesor", "komite", "admin_tuk"])
def test_the_verification_queue_is_for_lsp_staff(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(reverse("cases:queue")).status_code == 403


def test_an_unknown_case_is_a_404(client, cast):
    client.force_login(cast.admin_lsp)
    assert client.get(reverse("cases:detail", kwargs={"pk": 999999})).status_code == 404


def test_the_data_download_includes_the_candidates_applications(client, with_documents):
    import json

    client.force_login(with_documents.asesi)
    data = json.loads(client.get(reverse("accounts:my_data")).content)
    [case] = data["cases"]
    assert case["reference"] == with_documents.reference
    assert {d["name"] for d in case["documents"]} == {"Fotokopi ijazah.pdf", "Fotokopi KTP.pdf"}


def test_another_candidate_cannot_upload_to_or_autosave_in_the_case(client, with_documents, other_applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = verified_case(with_documents)
    element = services.case_elements(case)[0]
    client.force_login(other_applicant)
    requirement = case.scheme.evidence.first()
    response = client.post(
        url("document_upload", case, requirement_pk=requirement.pk),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 403
    assert (
        client.post(
            url("apl02_save", case, element_pk=element.pk), {"version": "0", "answer": "K"}
        ).status_code
        == 403
    )
    assert not case.self_assessments.exists()
    assert case.evidence.count() == 2


def test_documents_cannot_change_once_submitted(client, with_documents):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    client.force_login(case.asesi)
    requirement = case.scheme.evidence.first()
    response = client.post(
        url("document_upload", case, requirement_pk=requirement.pk),
        {"file": SimpleUploadedFile("baru.pdf", PDF)},
        follow=True,
    )
    assert "Dokumen permohonan ini tidak dapat diubah lagi." in response.content.decode()
    assert case.evidence.count() == 2
