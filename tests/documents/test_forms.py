import io
import subprocess

import pdfplumber
import pytest
from django.urls import reverse

from kompeten.cases import services
from kompeten.cases.models import Case, CaseStatus
from kompeten.schemes.services import scheme_activate
from kompeten.standards.imports import import_job_confirm, import_job_create
from kompeten.standards.parsing import parse
from tests.case_fixtures import complete_profile
from tests.conftest import PROJECT_DIR

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"


@pytest.fixture
def seed_scheme(cast, shared_dir):
    for name in ("002_50698809bdac173a", "001_fc7e7a7da436c8e2"):
        data = (shared_dir / "seeds" / f"{name}.txt").read_bytes()
        job = import_job_confirm(
            actor=cast.admin_lsp, job=import_job_create(actor=cast.admin_lsp, name=name, data=data)
        )
    scheme_activate(actor=cast.admin_lsp, scheme=job.scheme)
    return job.scheme


@pytest.fixture
def verified_case(cast, seed_scheme):
    complete_profile(cast.asesi)
    case = Case.objects.create(
        reference="APL-2026-000777",
        asesi=cast.asesi,
        scheme=seed_scheme,
        scheme_code=seed_scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.VERIFIED,
    )
    for index, element in enumerate(services.case_elements(case)):
        services.self_assessment_save(
            actor=cast.asesi,
            case=case,
            element=element,
            version=0,
            answer="K" if index % 3 else "BK",
            evidence_note="Sertifikat pelatihan 2024 dan laporan kerja bulanan yang panjang sekali"
            if index % 2
            else "",
        )
    return case


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_the_apl02_pdf_parses_back_to_the_same_units_elements_and_kuk(client, cast, verified_case, tmp_path):
    client.force_login(cast.asesi)
    response = client.get(reverse("cases:fr_apl_02", kwargs={"pk": verified_case.pk}))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "FR.APL.02.pdf"
    path.write_bytes(response.content)
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(path), "--json"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    import json

    parsed = json.loads(result.stdout)
    assert parsed["kind"] == "apl02"
    assert (parsed["scheme"]["title"], parsed["scheme"]["code"]) == (
        verified_case.scheme.title,
        verified_case.scheme.code,
    )
    expected = [
        {
            "code": su.unit.code,
            "title": su.unit.title,
            "elements": [
                {
                    "no": e.number,
                    "title": e.title,
                    "kuk": [{"no": k.number, "text": k.text} for k in e.criteria.order_by("order")],
                }
                for e in su.unit.elements.order_by("order")
            ],
        }
        for su in verified_case.scheme.scheme_units.order_by("order")
    ]
    got = [
        {
            "code": u["code"],
            "title": u["title"],
            "elements": [{"no": e["no"], "title": e["title"], "kuk": e["kuk"]} for e in u["elements"]],
        }
        for u in parsed["units"]
    ]
    assert len(got) == 12
    assert got == expected


def test_the_apl02_pdf_is_an_official_looking_form(verified_case, cast, client):
    client.force_login(cast.admin_lsp)
    text = pdf_text(client.get(reverse("cases:fr_apl_02", kwargs={"pk": verified_case.pk})).content)
    assert "FR.APL.02. ASESMEN MANDIRI" in text
    assert "Halaman 1 dari" in text
    assert "Dapatkah Saya? K BK Bukti yang relevan" in text
    assert "Nama Asesi: Siti Rahma" in text or "Nama Asesi:" in text


def test_the_apl01_pdf_holds_the_candidate_scheme_and_documents(with_documents, client, cast):
    case = services.case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    client.force_login(cast.admin_lsp)
    text = pdf_text(client.get(reverse("cases:fr_apl_01", kwargs={"pk": case.pk})).content)
    assert "FR.APL.01. PERMOHONAN SERTIFIKASI KOMPETENSI" in text
    assert "3171015708900002" in text  # the LSP files the form with the full NIK
    assert case.scheme.title in text and "Fotokopi ijazah" in text
    assert "SHA-256" in text


def test_the_apl01_pdf_masks_the_nik_for_everyone_but_the_candidate_and_the_admin_lsp(
    applicant, scheme, client, cast, asesor
):
    from tests.assessment_fixtures import ready_case

    case = ready_case(applicant, scheme, asesor)  # the assessor is assigned
    for reader, full in ((asesor, False), (cast.manajer, False), (case.asesi, True), (cast.admin_lsp, True)):
        client.force_login(reader)
        response = client.get(reverse("cases:fr_apl_01", kwargs={"pk": case.pk}))
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert ("3171015708900002" in text) is full, reader
        assert full or "3171************" in text


def test_another_candidate_cannot_get_the_pdfs(with_documents, other_applicant, client):
    client.force_login(other_applicant)
    for name in ("fr_apl_01", "fr_apl_02"):
        assert client.get(reverse(f"cases:{name}", kwargs={"pk": with_documents.pk})).status_code == 403


def test_the_apl02_pdf_costs_the_same_queries_for_few_or_many_units(client, cast, applicant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompeten.schemes.models import SchemeStatus
    from tests.factories import SchemeFactory, UnitFactory

    def queries(units: int) -> int:
        scheme = SchemeFactory(
            status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=2) for _ in range(units)]
        )
        case = Case.objects.create(
            reference=f"APL-Q-{units}",
            asesi=applicant,
            scheme=scheme,
            scheme_code=scheme.code,
            purpose="sertifikasi",
            status=CaseStatus.VERIFIED,
        )
        client.force_login(applicant)
        client.get(reverse("cases:fr_apl_02", kwargs={"pk": case.pk}))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("cases:fr_apl_02", kwargs={"pk": case.pk}))
        return len(captured)

    assert queries(1) == queries(6)


def test_the_seed_apl02_and_our_rendering_agree_with_the_parse_of_the_seed(shared_dir):
    document = parse((shared_dir / "seeds" / "001_fc7e7a7da436c8e2.txt").read_bytes())
    assert len(document.units) == 12
