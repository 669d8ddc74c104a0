import copy

import pytest
from django.core.exceptions import PermissionDenied

from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.standards.models import Criterion, Element, Standard, Unit
from kompeten.standards.parsing import parse
from kompeten.standards.services import standard_import
from tests.conftest import PROJECT_DIR

DEMO_STANDARD = PROJECT_DIR / "demo" / "skkni-124-2022-konsultasi-manajemen-pemasaran.txt"


@pytest.fixture
def document() -> dict:
    return parse(DEMO_STANDARD.read_bytes()).as_contract()


def test_it_imports_a_parsed_skkni_with_every_unit_element_and_kuk(cast, document):
    standard = standard_import(actor=cast.admin_lsp, document=document)
    assert (standard.number, standard.year, str(standard.enacted_on)) == (124, 2022, "2022-08-18")
    assert standard.replaces == "Keputusan Menteri Ketenagakerjaan Nomor 389 Tahun 2013"
    full_units = Unit.objects.filter(elements__isnull=False).distinct()
    assert full_units.count() == 9
    assert Element.objects.count() == 32
    assert Criterion.objects.count() == 107
    assert standard.units.count() == 50  # the BAB II list, most of them with code and title only
    unit = Unit.objects.get(code="M.70MKT00.004.1")
    assert list(unit.prerequisites.values_list("code", flat=True)) == ["M.70MKT00.003.2"]
    first = Unit.objects.get(code="M.70MKT00.003.2").elements.get(order=1)
    assert first.title == "Mengidentifikasi perubahan lingkungan"
    assert list(first.criteria.values_list("number", flat=True)) == ["1.1", "1.2"]
    assert audit_events_for(standard)[0].code == "kompeten.standard.imported"


def test_importing_the_same_document_again_changes_nothing(cast, document):
    standard_import(actor=cast.admin_lsp, document=document)
    counts = (Unit.objects.count(), Element.objects.count(), Criterion.objects.count())
    standard_import(actor=cast.admin_lsp, document=document)
    assert (Unit.objects.count(), Element.objects.count(), Criterion.objects.count()) == counts
    assert audit_events_for(Standard.objects.get())[0].data["unchanged"] == [
        u["code"] for u in document["units"]
    ]


def test_a_changed_unit_gets_a_new_version_and_the_old_one_stays(cast, document):
    standard_import(actor=cast.admin_lsp, document=document)
    first = Unit.objects.get(code="M.70MKT00.003.2")
    changed = copy.deepcopy(document)
    changed["units"][0]["elements"][0]["kuk"][0]["text"] = "Perubahan teknologi diidentifikasi."
    standard_import(actor=cast.admin_lsp, document=changed)
    versions = Unit.objects.filter(code="M.70MKT00.003.2").order_by("version")
    assert [unit.version for unit in versions] == [1, 2]
    assert versions[0] == first
    assert (
        first.elements.get(order=1)
        .criteria.get(order=1)
        .text.startswith("Perubahan teknologi, sosial budaya")
    )
    assert (
        versions[1].elements.get(order=1).criteria.get(order=1).text == "Perubahan teknologi diidentifikasi."
    )
    assert list(Unit.objects.current().filter(code="M.70MKT00.003.2")) == [versions[1]]
    event = audit_events_for(Standard.objects.get())[0]
    assert event.data["changed"] == ["M.70MKT00.003.2"]
    assert len(event.data["unchanged"]) == 8


def test_it_normalises_printed_codes_and_keeps_the_printed_form(cast, document):
    document["units"][0]["code"] = "M.70.MKT00.003.2"
    document["units"][0].pop("code_printed", None)
    standard_import(actor=cast.admin_lsp, document=document)
    unit = Unit.objects.get(code="M.70MKT00.003.2")
    assert unit.code_printed == "M.70.MKT00.003.2"


def test_it_refuses_a_document_that_is_not_an_skkni_and_writes_nothing(cast, document):
    document["kind"] = "apl02"
    with pytest.raises(DomainError, match="bukan keputusan SKKNI"):
        standard_import(actor=cast.admin_lsp, document=document)
    assert not Unit.objects.exists()


def test_a_unit_without_a_code_undoes_the_whole_import(cast, document):
    document["units"][5]["code"] = None
    with pytest.raises(DomainError) as refused:
        standard_import(actor=cast.admin_lsp, document=document)
    assert str(refused.value) == f"Unit “{document['units'][5]['title']}” tidak memiliki kode unit."
    assert not Standard.objects.exists()
    assert not Unit.objects.exists()


def test_only_admin_lsp_imports_standards(cast, document):
    for user in [cast.manajer, cast.asesor, cast.asesi]:
        with pytest.raises(PermissionDenied):
            standard_import(actor=user, document=document)
    assert not Standard.objects.exists()
