import pytest

from kompeten.standards.parsing import parse
from kompeten.standards.parsing.readers import sniff_format
from tests.standards.parsing import documents

EXPECTED = [
    (
        "1",
        "Menyiapkan pekerjaan",
        [("1.1", "Alat kerja disiapkan sesuai prosedur."), ("1.2", "Bahan kerja diperiksa.")],
    ),
    ("2", "Melaksanakan pekerjaan", [("2.1", "Pekerjaan dilaksanakan sesuai jadwal.")]),
]


def outline(document):
    [unit] = document.units
    assert (unit.code, unit.title) == ("C.10ABC00.001.1", "Melakukan Pekerjaan Uji")
    return [(e.no, e.title, [(k.no, k.text.rstrip(".") + ".") for k in e.kuk]) for e in unit.elements]


@pytest.mark.parametrize(
    ("make", "expected_format"),
    [
        (lambda: documents.skkni_text().encode(), "text"),
        (lambda: documents.skkni_html().encode(), "html"),
        (documents.skkni_docx, "docx"),
        (documents.skkni_pdf, "pdf"),
    ],
    ids=["text", "html", "docx", "pdf"],
)
def test_the_same_standard_reads_the_same_in_every_format(make, expected_format):
    data = make()
    assert sniff_format(data) == expected_format
    document = parse(data)
    assert document.kind == "skkni"
    assert outline(document) == EXPECTED


def test_the_format_is_recognised_by_content_not_by_name():
    assert sniff_format(b"  %PDF-1.7 ...") == "pdf"
    assert sniff_format(documents.skkni_docx()) == "docx"
    assert sniff_format(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_format("KODE UNIT : X".encode("utf-16")) == "text"


def test_the_text_seed_markup_is_gone_from_every_text():
    text = (
        "KODE UNIT : C.10ABC00.001.1\nJUDUL UNIT : Melakukan *Pekerjaan* <i>Uji</i>\n"
        + "ELEMEN KOMPETENSI\tKRITERIA UNJUK KERJA\n1. Menyiapkan &amp; menata\t1.1 Alat (*tools*) disiapkan.\n"
    )
    [unit] = parse(text.encode()).units
    assert unit.title == "Melakukan Pekerjaan Uji"
    assert unit.elements[0].title == "Menyiapkan & menata"
    assert unit.elements[0].kuk[0].text == "Alat (tools) disiapkan."
