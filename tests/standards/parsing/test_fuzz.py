"""Generated and mutated documents: the parser returns a document or raises its own ParseError, nothing else.

``make test`` runs the ``ci`` profile (a few hundred examples); ``make fuzz`` the ``deep`` one (10 000+).
"""

import functools
import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kompeten.standards.parsing import Document, ParseError, parse
from tests.standards.parsing import documents

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FRAGMENTS = [
    "KODE UNIT : ",
    "JUDUL UNIT : ",
    "ELEMEN KOMPETENSI\tKRITERIA UNJUK KERJA",
    "1. ",
    "1.1 ",
    "2.1. ",
    "\t",
    "\n",
    "Unit Kompetensi 1:",
    "Kode Unit: M.70.MKT00.025.2",
    "1. Elemen: ",
    "Kriteria Unjuk Kerja:",
    "BATASAN VARIABEL",
    "PANDUAN PENILAIAN",
    "<p>",
    "</i>",
    "**",
    "FR.APL.02",
    "Nama Skema : ",
    "Persyaratan",
    "berkala.1.2 Praktik",
    "mempertimbang-\nkan",
    "NOMOR 12 TAHUN 2020",
    "TENTANG",
    "| ",
    "---|---",
]


def parses_or_refuses(data: bytes) -> None:
    try:
        result = parse(data, time_budget=20)
    except ParseError as error:
        assert error.message and "\n" not in error.message
        return
    assert isinstance(result, Document)
    result.as_contract()


def xml_safe(text: str) -> str:
    """Only what a Word document can hold (python-docx refuses control characters)."""
    return "".join(
        ch for ch in text if (ch.isprintable() or ch in "\t\n") and not 0xD800 <= ord(ch) <= 0xDFFF
    )


@functools.cache
def small_pdf() -> bytes:
    return documents.skkni_pdf()


@functools.cache
def small_docx() -> bytes:
    return documents.skkni_docx()


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, position, value in edits:
        if not buffer:
            break
        index = position % len(buffer)
        if kind == 0:
            buffer[index] = value
        elif kind == 1:
            del buffer[index : index + value % 64]
        else:
            buffer[index:index] = bytes([value]) * (value % 16 + 1)
    return bytes(buffer)


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2**31), st.integers(0, 255)), max_size=12)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=60))
def test_generated_text_documents(parts):
    parses_or_refuses("".join(parts).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    parses_or_refuses(data)


@FUZZ
@given(EDITS)
def test_mutated_text_standard(edits):
    parses_or_refuses(mutate(documents.skkni_text().encode(), edits))


@FUZZ
@given(EDITS)
def test_mutated_pdf(edits):
    parses_or_refuses(mutate(small_pdf(), edits))


@FUZZ
@given(st.integers(0, 10**9))
def test_truncated_pdf(cut):
    pdf = small_pdf()
    parses_or_refuses(pdf[: cut % len(pdf)])


@FUZZ
@given(EDITS)
@example(edits=[(2, 3, 10), (2, 3, 4), (0, 738085, 64)])  # once: zipfile's NotImplementedError escaped
def test_mutated_docx(edits):
    parses_or_refuses(mutate(small_docx(), edits))


@FUZZ
@given(
    st.lists(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=4), max_size=12)
)
def test_generated_docx(rows):
    import docx

    document = docx.Document()
    for cells in rows:
        if len(cells) <= 1:
            document.add_paragraph(xml_safe("".join(cells)))
            continue
        table = document.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells, strict=True):
            cell.text = xml_safe(text)
    buffer = io.BytesIO()
    document.save(buffer)
    parses_or_refuses(buffer.getvalue())


CHARS = st.lists(
    st.tuples(
        st.floats(-50, 900, allow_nan=False),
        st.floats(-50, 700, allow_nan=False),
        st.floats(0, 20, allow_nan=False),
        st.one_of(st.none(), st.sampled_from("ab.1- ,:ÄŸ")),
    ),
    max_size=200,
)


@FUZZ
@given(CHARS)
def test_pdf_words_keep_every_character_once(chars):
    """Whatever boxes PDFium reports, the words rebuilt from them hold every drawn character exactly once."""
    from kompeten.standards.parsing.pdf import _words

    boxes = [(top, x0, x0 + width, text) for top, x0, width, text in chars]
    words = _words(boxes)
    assert sorted("".join(word["text"] for word in words)) == sorted(c[3] for c in boxes if c[3] is not None)
    assert all(word["text"] and word["x1"] >= word["x0"] for word in words)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 3_000_000), st.sampled_from([0, 8])), min_size=1, max_size=4))
def test_docx_archives_of_any_member_sizes(members):
    """Members of any size and compression: read within the archive limits or refused by them."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for number, (size, method) in enumerate(members):
            target.writestr(f"word/media/extra{number}.bin", b"\0" * size, compress_type=method)
    parses_or_refuses(buffer.getvalue())


NUMBER_VALUES = st.one_of(st.integers(-(10**15), 10**15).map(str), st.sampled_from(["", "x", "1e9", "٣"]))
NUMBER_FORMATS = st.sampled_from(
    ["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet"]
)
SMALL_VALUES = st.one_of(st.sampled_from(["0", "1", "2", "3", "8", "9"]), NUMBER_VALUES)
LEVEL_TEXTS = st.sampled_from(["%1.", "%1.%2", "%9%8", "%10", "(%2)", "", "%", "•"])


@FUZZ
@given(
    st.lists(st.tuples(SMALL_VALUES, NUMBER_VALUES, NUMBER_FORMATS, LEVEL_TEXTS, SMALL_VALUES), max_size=8),
    st.lists(st.tuples(SMALL_VALUES, SMALL_VALUES, st.sampled_from(FRAGMENTS)), max_size=12),
)
def test_docx_with_any_list_numbering(levels, paragraphs):
    """Numbering definitions with any levels, start values, formats and texts, and paragraphs numbered by
    any instance and level: the document is read (or refused) as any other."""
    from xml.sax.saxutils import quoteattr

    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    lvl = "".join(
        f"<w:lvl w:ilvl={quoteattr(index)}><w:start w:val={quoteattr(start)}/><w:numFmt w:val={quoteattr(fmt)}/>"
        f"<w:lvlText w:val={quoteattr(text)}/><w:lvlRestart w:val={quoteattr(restart)}/></w:lvl>"
        for index, start, fmt, text, restart in levels
    )
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(
        f'<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="1">{lvl}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="7"/></w:lvlOverride></w:num></w:numbering>'
    )
    for num_id, ilvl, text in paragraphs:
        paragraph = document.add_paragraph(text.replace("\n", " "))
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr xmlns:w="{w}"><w:ilvl w:val={quoteattr(ilvl)}/><w:numId w:val={quoteattr(num_id)}/>'
                "</w:numPr>"
            )
        )
    buffer = io.BytesIO()
    document.save(buffer)
    parses_or_refuses(buffer.getvalue())
