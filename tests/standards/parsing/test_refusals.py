"""Never silently empty: a document without units is refused with its reason; unread parts are named."""

import subprocess

import pytest

from kompeten.standards.parsing import UnsupportedDocument, parse
from tests.conftest import PROJECT_DIR

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"

# An FR.APL.02 whose header names the scheme but whose unit table is a layout nothing reads.
APL02_WITHOUT_UNITS = (
    "FR.APL.02. ASESMEN MANDIRI\n"
    "Skema Sertifikasi\tJudul : Pemasaran Digital\n"
    "\tNomor : SKM/01/2024\n"
    "Dapatkah Saya ...?\tK\tBK\n"
    "Menyusun rencana kerja pemasaran\tK\n"
)
SKKNI_WITH_AN_UNREADABLE_UNIT = (
    "KEPUTUSAN MENTERI KETENAGAKERJAAN\nNOMOR 7 TAHUN 2024\n\n"
    "KODE UNIT : C.10ABC00.001.1\nJUDUL UNIT : Melakukan Pekerjaan Uji\n"
    "DESKRIPSI UNIT : Unit ini tentang pekerjaan uji.\n"
    "ELEMEN KOMPETENSI\tKRITERIA UNJUK KERJA\n1. Menyiapkan pekerjaan\t1.1 Alat kerja disiapkan.\n"
    "BATASAN VARIABEL\n1. Konteks variabel\n1.1 Berlaku untuk pekerjaan uji.\n"
    "KODE UNIT : C.10ABC00.002.1\nJUDUL UNIT : Melakukan Pekerjaan Lain\n"
    "DESKRIPSI UNIT : Unit ini tentang pekerjaan lain.\n"
    "BATASAN VARIABEL\n1. Konteks variabel\n1.1 Berlaku untuk pekerjaan lain.\n"
)


def test_an_apl02_in_which_no_unit_is_found_is_refused_with_its_reason():
    with pytest.raises(UnsupportedDocument) as refused:
        parse(APL02_WITHOUT_UNITS.encode())
    assert refused.value.message == (
        "Dokumen ini terbaca sebagai FR.APL.02, tetapi tidak ditemukan unit kompetensi: dokumen tidak memuat "
        'kode unit maupun judul "Unit Kompetensi"; tidak ada yang diimpor.'
    )


def test_the_refusal_names_the_line_where_the_unreadable_units_begin():
    text = APL02_WITHOUT_UNITS + "Unit Kompetensi\n"
    with pytest.raises(
        UnsupportedDocument, match=r"tabel atau judul unit pertama \(baris 6\) tidak dapat dibaca"
    ):
        parse(text.encode())


def test_the_cli_exits_2_instead_of_printing_zero_units(tmp_path):
    path = tmp_path / "apl02.txt"
    path.write_text(APL02_WITHOUT_UNITS)
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(path), "--json"], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert "tidak ditemukan unit kompetensi" in result.stderr


def test_a_unit_whose_elements_cannot_be_read_is_named_with_its_line():
    document = parse(SKKNI_WITH_AN_UNREADABLE_UNIT.encode())
    assert [unit.code for unit in document.units] == ["C.10ABC00.001.1", "C.10ABC00.002.1"]
    assert "Unit C.10ABC00.002.1 (baris 12): elemen dan KUK-nya tidak terbaca dari dokumen ini." in (
        document.warnings
    )
    assert not any("C.10ABC00.001.1" in warning for warning in document.warnings)


def test_a_pdf_names_the_page_of_a_unit_it_could_not_read():
    from tests.standards.parsing.documents import pdf_from_html

    pages = SKKNI_WITH_AN_UNREADABLE_UNIT.replace("\t", " ").split("KODE UNIT : C.10ABC00.002.1")
    html = (
        "".join(f"<p>{line}</p>" for line in pages[0].splitlines() if line)
        + "<p style='page-break-before: always'>KODE UNIT : C.10ABC00.002.1</p>"
        + "".join(f"<p>{line}</p>" for line in pages[1].splitlines() if line)
    )
    document = parse(pdf_from_html(html))
    assert "Unit C.10ABC00.002.1 (halaman 2): elemen dan KUK-nya tidak terbaca dari dokumen ini." in (
        document.warnings
    )


def test_a_misspelt_batasan_variabel_heading_still_ends_the_unit_table():
    text = SKKNI_WITH_AN_UNREADABLE_UNIT.replace("BATASAN VARIABEL", "BATASAN VAREABEL", 1)
    [first, _] = parse(text.encode()).units
    assert [(kuk.no, kuk.text) for element in first.elements for kuk in element.kuk] == [
        ("1.1", "Alat kerja disiapkan.")
    ]
    assert first.variables["context"] == ["Berlaku untuk pekerjaan uji."]
