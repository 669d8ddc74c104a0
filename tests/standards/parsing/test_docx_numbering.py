"""Word's automatic list numbering: KUK and elements numbered by Word (``w:numPr``) carry no typed number,
and the DOCX reader gives the parser the number Word prints."""

import io

import docx
from docx.oxml import parse_xml

from kompeten.standards.parsing import parse
from kompeten.standards.parsing.numbering import WordNumbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, str]]) -> str:
    """A numbering part: ``abstracts`` {id: [lvl xml, ...]}, ``nums`` {numId: (abstractNumId, overrides xml)}."""
    parts = [f'<w:numbering xmlns:w="{W}">']
    for abstract_id, levels in abstracts.items():
        parts.append(f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>')
    for num_id, (abstract_id, overrides) in nums.items():
        parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>')
    return "".join(parts) + "</w:numbering>"


def level(index: int, text: str, *, start: int = 1, number_format: str = "decimal", extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{index}"><w:start w:val="{start}"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def number(paragraph, num_id: int, ilvl: int) -> None:
    """Give a python-docx paragraph Word's list numbering (numbering instance ``num_id``, level ``ilvl``)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def with_numbering(document, xml: str) -> bytes:
    """The document saved with ``xml`` as its numbering part."""
    part = document.part.numbering_part
    part._element = parse_xml(xml)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


# One definition per element, as Word writes it: level 0 is the element (never used), level 1 its KUK
# printed "%1.%2"; the second element's definition starts level 0 at 2.
KUK_NUMBERING = numbering_xml(
    {
        10: [level(0, "%1", start=1), level(1, "%1.%2")],
        11: [level(0, "%1", start=2), level(1, "%1.%2")],
        12: [level(0, "%1", start=1), level(1, "%1.%2")],
    },
    {1: (10, ""), 2: (11, ""), 3: (12, "")},
)


def auto_numbered_form() -> bytes:
    """An FR.APL.02 unit laid out as loose paragraphs whose KUK are numbered by Word, and a second unit
    in a table whose auto-numbered KUK share one cell merged down over two rows."""
    document = docx.Document()
    document.add_paragraph("FR.APL.02. ASESMEN MANDIRI")
    document.add_paragraph("Kode Kompetensi : Judul Kompetensi :\t:\tC.10ABC00.001.2")
    document.add_paragraph("Kode Kompetensi : Judul Kompetensi :\t:\tMerumuskan Strategi")
    document.add_paragraph("K\tBK\tBukti")
    document.add_paragraph("Elemen 1 :\tMenganalisis strategi")
    document.add_paragraph("KUK")
    for text in ("Visi diidentifikasi.", "Misi dirumuskan."):
        number(document.add_paragraph(text), 1, 1)
    document.add_paragraph("Elemen 2 :\tMenetapkan strategi")
    document.add_paragraph("KUK")
    for text in ("Sasaran ditetapkan.", "Strategi disahkan.", "Strategi diumumkan."):
        number(document.add_paragraph(text), 2, 1)
    document.add_paragraph("Kode Kompetensi : Judul Kompetensi :\t:\tC.10ABC00.002.2")
    document.add_paragraph("Kode Kompetensi : Judul Kompetensi :\t:\tMengevaluasi Strategi")
    table = document.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Elemen 1 :", "Menilai hasil"
    table.cell(1, 0).text = "KUK"
    merged = table.cell(2, 1).merge(table.cell(3, 1))
    merged.paragraphs[0].text = "Hasil diukur."
    number(merged.paragraphs[0], 3, 1)
    number(merged.add_paragraph("Hasil dilaporkan."), 3, 1)
    return with_numbering(document, KUK_NUMBERING)


def outline(document):
    return [
        (unit.code, unit.title, [(e.no, e.title, [(k.no, k.text) for k in e.kuk]) for e in unit.elements])
        for unit in document.units
    ]


def test_kuk_numbered_by_word_are_read_with_the_numbers_word_prints():
    assert outline(parse(auto_numbered_form())) == [
        (
            "C.10ABC00.001.2",
            "Merumuskan Strategi",
            [
                (
                    "1",
                    "Menganalisis strategi",
                    [("1.1", "Visi diidentifikasi."), ("1.2", "Misi dirumuskan.")],
                ),
                (
                    "2",
                    "Menetapkan strategi",
                    [
                        ("2.1", "Sasaran ditetapkan."),
                        ("2.2", "Strategi disahkan."),
                        ("2.3", "Strategi diumumkan."),
                    ],
                ),
            ],
        ),
        # The merged cell comes back in both rows it spans: its KUK are read (and counted) once.
        (
            "C.10ABC00.002.2",
            "Mengevaluasi Strategi",
            [("1", "Menilai hasil", [("1.1", "Hasil diukur."), ("1.2", "Hasil dilaporkan.")])],
        ),
    ]


def labels(numbering: str, paragraphs: list[tuple[int, int]], styles: str | None = None) -> list[str | None]:
    """The printed numbers of paragraphs given as (numId, ilvl), in order."""
    reader = WordNumbering(parse_xml(numbering), parse_xml(styles) if styles else None)
    printed = []
    for num_id, ilvl in paragraphs:
        paragraph = parse_xml(
            f'<w:p xmlns:w="{W}"><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr></w:pPr></w:p>"
        )
        label = reader.label(paragraph)
        printed.append(label[0] if label else None)
    return printed


def test_levels_count_in_document_order_and_deeper_levels_start_again():
    numbering = numbering_xml({1: [level(0, "%1."), level(1, "%1.%2"), level(2, "%1.%2.%3")]}, {5: (1, "")})
    assert labels(numbering, [(5, 0), (5, 1), (5, 1), (5, 2), (5, 0), (5, 1), (5, 2)]) == [
        "1.",
        "1.1",
        "1.2",
        "1.2.1",
        "2.",
        "2.1",
        "2.1.1",
    ]


def test_letters_and_roman_numerals_are_printed_as_word_prints_them():
    numbering = numbering_xml(
        {
            1: [level(0, "%1)", number_format="lowerLetter"), level(1, "(%2)", number_format="lowerRoman")],
            2: [level(0, "%1.", number_format="upperLetter", start=26)],
            3: [level(0, "BAB %1", number_format="upperRoman", start=4)],
        },
        {1: (1, ""), 2: (2, ""), 3: (3, "")},
    )
    assert labels(numbering, [(1, 0), (1, 1), (1, 1), (1, 0), (2, 0), (2, 0), (3, 0), (3, 0)]) == [
        "a)",
        "(i)",
        "(ii)",
        "b)",
        "Z.",
        "AA.",
        "BAB IV",
        "BAB V",
    ]
    assert [format_number(n, "decimalZero") for n in (3, 12)] == ["03", "12"]


def test_instances_of_one_definition_continue_unless_one_restarts():
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = numbering_xml({1: [level(0, "%1.")]}, {1: (1, ""), 2: (1, ""), 3: (1, restart)})
    assert labels(numbering, [(1, 0), (1, 0), (2, 0), (3, 0), (3, 0), (2, 0)]) == [
        "1.",
        "2.",
        "3.",
        "1.",
        "2.",
        "4.",
    ]


def test_bullets_unknown_instances_and_numbering_switched_off_print_no_number():
    numbering = numbering_xml(
        {
            1: [level(0, "•", number_format="bullet"), level(1, "%2.", number_format="none")],
            2: [level(0, "%1.")],
        },
        {1: (1, ""), 2: (2, "")},
    )
    assert labels(numbering, [(1, 0), (1, 1), (9, 0), (0, 0), (2, 0)]) == [None, None, None, None, "1."]


def test_a_crafted_start_value_stays_a_short_label():
    numbering = numbering_xml(
        {1: [level(0, "%1.", number_format="lowerLetter", start=10**12)], 2: [level(0, "%1.", start=-5)]},
        {1: (1, ""), 2: (2, "")},
    )
    printed = labels(numbering, [(1, 0), (2, 0)])
    assert printed == ["100000.", "0."]


def test_a_numbered_paragraph_style_numbers_its_paragraphs():
    numbering = numbering_xml({1: [level(0, "%1.")]}, {4: (1, "")})
    styles = (
        f'<w:styles xmlns:w="{W}">'
        '<w:style w:type="paragraph" w:styleId="KUK"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="KUK2"><w:basedOn w:val="KUK"/></w:style>'
        "</w:styles>"
    )
    reader = WordNumbering(parse_xml(numbering), parse_xml(styles))
    printed = []
    for style in ("KUK", "KUK2", "Normal"):
        paragraph = parse_xml(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>')
        label = reader.label(paragraph)
        printed.append(label[0] if label else None)
    assert printed == ["1.", "2.", None]
