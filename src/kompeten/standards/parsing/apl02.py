"""FR.APL.02 self-assessment forms: the scheme, each unit with its elements and KUK, the assessor."""

import re

from kompeten.standards.parsing.common import find_unit_codes, unit_code
from kompeten.standards.parsing.elements import ElementReader, numbering_warnings
from kompeten.standards.parsing.model import Document, SchemeFacts, Unit
from kompeten.standards.parsing.readers import Lines
from kompeten.standards.parsing.text import fold_spaces, strip_markup

_UNIT_LINE = re.compile(
    r"^\s*Unit\s+Kompetensi\s*(?:ke[-\s]*)?(?:(\d{1,3})\s*:?|:\s*(\d{1,3}))?\s*:?\s*(.*)$", re.IGNORECASE
)
_CODE = re.compile(r"Kode\s+Unit\s*:?\s*", re.IGNORECASE)
_TITLE = re.compile(r"Jud\w{1,3}\s+Unit(?:\s+Kompetensi)?\s*:?\s*", re.IGNORECASE)
_FORM_HEADER = re.compile(
    r"^\s*(Dapatka[nh]\s+Saya|Elemen\s+Kompetensi\s+Kriteria|No\.?\s+Elemen|Bukti\s+yang\s+relevan)",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^\s*(Nama\s+Asesi|Nama\s+Asesor|Ditinjau\s+oleh|Tanda\s+Tangan|Rekomendasi|Catatan|Tanggal\s*:)",
    re.IGNORECASE,
)
# Where a unit's table ends without another unit after it: the header of a unit list table, the heading
# of the next group of units, or the assessor's recommendation and the signatures.
_UNIT_END = re.compile(
    r"^\s*(No\.?\s+Kode\s+Unit\b|Kelompok\s+Pekerjaan\b|Asesmen\s+dapat\b|Asesi\s*:|"
    r"Rekomendasi\b|Nama\s+Asesi\b|Tanda\s+tangan\b)",
    re.IGNORECASE,
)
_ASSESSOR = re.compile(
    r"Nama\s+Asesor\s*:\s*([^\t]*?)\s*(?:\t|Rekomendasi\b|Tanda\s+Tangan\b|$)", re.IGNORECASE
)
# The header row of the answer columns alone (``K | BK | Bukti``): it ends a unit's title rows.
_ANSWER_HEADER = re.compile(
    r"^\s*(Dapatka[nh]\s+Saya\s*\??\s*)?K\s+BK(\s+Bukti(\s+yang\s+relevan)?)?\s*$", re.IGNORECASE
)
_HEADER_CELLS = re.compile(r"\s*\b(K|BK|Bukti\s+yang\s+relevan|Dapatka[nh]\s+Saya\s*\??)\s*$", re.IGNORECASE)


def parse_apl02(source: Lines) -> Document:
    document = Document(kind="apl02", scheme=SchemeFacts(), warnings=list(source.warnings))
    lines = _join_split_headers(source.lines)
    starts = [
        index
        for index, line in enumerate(lines)
        if _UNIT_LINE.match(strip_markup(line.replace("\t", " ")))
        and re.match(r"^\s*Unit\s+Kompetensi\s*(ke[-\s]*)?[:\d]", strip_markup(line), re.IGNORECASE)
    ]
    if not starts:
        return _parse_by_code_rows(document, lines)
    scheme_facts(document.scheme, lines[: starts[0]])
    _assessor_name(document, lines)
    # A header table whose first cell ("Unit Kompetensi N") is centred against the code and title rows
    # comes out with the "Kode Unit : ..." row first: that row belongs to the unit below it.
    code_rows = {
        start: _code_row_before(lines, start, starts[position - 1] if position else -1)
        for position, start in enumerate(starts)
    }
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        following = code_rows.get(starts[position + 1]) if position + 1 < len(starts) else None
        block = lines[start : following if following is not None else end]
        if code_rows[start] is not None:
            block = [block[0], lines[code_rows[start]], *block[1:]]
        document.units.append(_unit(block, position + 1, document.warnings))
    return document


def _assessor_name(document: Document, lines: list[str]) -> None:
    """The assessor's name as printed on the form (the last one given), not a blank line of dots or dashes."""
    for line in lines:
        if match := _ASSESSOR.search(line):
            name = fold_spaces(strip_markup(match.group(1))).strip(" :")
            if name and not re.fullmatch(r"[._\s-]*", name):
                document.assessor_name = name


_CODE_ROW = re.compile(r"^\s*Kode\s+(?:Unit|Kompetensi)\b", re.IGNORECASE)
_TITLE_ROW = re.compile(r"^.*?\bJud\w{1,3}\s+(?:Unit|Kompetensi)(?:\s+Kompetensi)?\s*:?[\s:]*", re.IGNORECASE)


def _is_code_row(lines: list[str], index: int) -> bool:
    """``Kode Kompetensi : ... code`` in one row, or a ``: code`` row under a label row a line or two above
    (a form laid out with tabs, the labels in one paragraph and the values in the next ones)."""
    text = strip_markup(lines[index].replace("\t", " "))
    if not find_unit_codes(text):
        return False
    if _CODE_ROW.match(text):
        return True
    if not re.match(r"^\s*:\s*\S+\s*$", text):
        return False
    above = [strip_markup(line) for line in lines[max(0, index - 2) : index]]
    return any(_CODE_ROW.match(line) for line in above)


def _parse_by_code_rows(document: Document, lines: list[str]) -> Document:
    """Forms whose units open with a labelled code row (``Kode Kompetensi : | : | code``) and a title row
    (``Judul Kompetensi : | : | title``), with no "Unit Kompetensi N" header."""
    starts = [index for index in range(len(lines)) if _is_code_row(lines, index)]
    scheme_facts(document.scheme, lines[: starts[0]] if starts else lines)
    _assessor_name(document, lines)
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        block = lines[start:end]
        printed = find_unit_codes(strip_markup(block[0].replace("\t", " ")))[0]
        title_parts, body = [], 1
        for index in range(1, min(6, len(block))):
            line = fold_spaces(strip_markup(block[index].replace("\t", " ")))
            if not line:
                continue
            if (
                _FORM_HEADER.match(line)
                or _ANSWER_HEADER.match(line)
                or re.match(r"^\s*(\d{1,2}\s*\.?\s*)?Elemen\b", line, re.I)
            ):
                break
            value = re.match(r"^\s*:\s*(\S.*)$", line)  # ": title" under the label row
            if not title_parts and not _TITLE_ROW.match(line) and not value:
                break
            if title_parts:
                title_parts.append(line)
            else:
                title_parts.append(value.group(1) if value else _TITLE_ROW.sub("", line, count=1))
            body = index + 1
        unit = Unit(
            code=unit_code(printed),
            code_printed=printed,
            title=fold_spaces(" ".join(title_parts)).strip(" :"),
        )
        reader = ElementReader()
        for line in block[body:]:
            clean = strip_markup(line.replace("\t", " "))
            if _UNIT_END.match(clean):
                break
            if _FORM_HEADER.match(clean) or _SIGNATURE.match(clean) or _CODE_ROW.match(clean):
                continue  # the next unit's label row ("Kode Kompetensi : Judul Kompetensi :") included
            reader.feed_line(line)
        unit.elements = reader.elements()
        document.warnings.extend(numbering_warnings(f"Unit {unit.code}", unit.elements))
        document.units.append(unit)
    return document


def _code_row_before(lines: list[str], start: int, previous: int) -> int | None:
    """The index of a lone "Kode Unit : <code>" row just above the unit header at ``start``, if any."""
    index = start - 1
    while index > previous and not lines[index].strip():
        index -= 1
    if index <= previous:
        return None
    text = strip_markup(lines[index].replace("\t", " "))
    if _CODE.match(text.strip()) and find_unit_codes(text) and not _UNIT_LINE.match(text):
        return index
    return None


def _join_split_headers(lines: list[str]) -> list[str]:
    """A "Unit Kompetensi n" cell spread over two rows (``Unit`` / ``Kompetensi 8:``) as one header row."""
    joined, skip = [], False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        cells = line.split("\t")
        following = lines[index + 1].split("\t") if index + 1 < len(lines) else [""]
        second = strip_markup(following[0])
        if strip_markup(cells[0]) == "Unit" and re.match(r"^Kompetensi\s*(ke[-\s]*)?:?\s*\d", second, re.I):
            joined.append("\t".join([f"Unit {second}", *cells[1:], *following[1:]]))
            skip = True
        else:
            joined.append(line)
    return joined


def scheme_facts(scheme: SchemeFacts, lines: list[str]) -> None:
    """The scheme's title and number from the form's header (``Judul : …``, ``Nomor : …``)."""
    for raw in lines:
        cells = [strip_markup(cell) for cell in raw.split("\t")]
        text = " ".join(cell for cell in cells if cell)
        title = re.search(r"\bJudul(?:\s+Skema)?\s*:\s*(.+)$", text, re.IGNORECASE)
        number = re.search(r"\bNomor(?:\s+Skema)?\s*:\s*(.+)$", text, re.IGNORECASE)
        if title and not scheme.title:
            scheme.title = fold_spaces(title.group(1))
        if number and not scheme.code:
            scheme.code = fold_spaces(number.group(1))
        kind = re.search(r"\b(KKNI|Okupasi|Klaster)\b(?!\s*/)", text)
        if kind and not scheme.kind and "/" not in text[max(0, kind.start() - 1) : kind.end() + 1]:
            scheme.kind = (
                kind.group(1).upper() if kind.group(1).upper() == "KKNI" else kind.group(1).capitalize()
            )


def _unit(block: list[str], position: int, warnings: list[str]) -> Unit:
    header = strip_markup(block[0].replace("\t", " \t "))
    header_lines = [header]
    body_start = 1
    # The code and title sometimes stand on the lines under "Unit Kompetensi n", the title wrapped.
    for index in range(1, min(8, len(block))):
        line = strip_markup(block[index].replace("\t", " "))
        labelled = _CODE.search(line) or _TITLE.search(line)
        continues_title = (
            _TITLE.search(" ".join(header_lines))
            and line
            and not _FORM_HEADER.match(line)
            and not _SIGNATURE.match(line)
            and not re.match(r"^\s*(<p>)?\s*(\d{1,2}\s*\.?\s*)?Elemen\b", line, re.IGNORECASE)
            and not _UNIT_END.match(line)
        )
        if labelled or continues_title:
            header_lines.append(line)
            body_start = index + 1
        elif line:
            break
    text = " ".join(header_lines)
    codes = find_unit_codes(text)
    title_match = _TITLE.search(text)
    if title_match:
        title = text[title_match.end() :]
        # A title that wraps in a merged cell: its first line stands beside "Unit Kompetensi N", above the
        # "Judul Unit :" label that the rest follows.
        beside = re.split(r"Kode\s+Unit|Jud\w{1,3}\s+Unit", _UNIT_LINE.match(header).group(3), flags=re.I)[0]
        beside = fold_spaces(beside.replace("\t", " ")).strip(" :")
        if beside and not find_unit_codes(beside) and not _TITLE.search(header):
            title = f"{beside} {title}"
    else:
        title = _UNIT_LINE.match(header).group(3)
        title = _CODE.split(title)[0] if _CODE.search(title) else title
    title = fold_spaces(_HEADER_CELLS.sub("", fold_spaces(title.replace("\t", " "))))
    while (stripped := _HEADER_CELLS.sub("", title)) != title:
        title = stripped.strip()
    printed = codes[0] if codes else None
    unit = Unit(code=unit_code(printed) if printed else None, code_printed=printed, title=title.strip(" :"))
    reader = ElementReader()
    for line in block[body_start:]:
        clean = strip_markup(line.replace("\t", " "))
        if _UNIT_END.match(clean):
            break  # what follows the last unit's table: a unit list, the next group, the recommendation
        if _FORM_HEADER.match(clean) or _SIGNATURE.match(clean):
            continue
        reader.feed_line(line)
    unit.elements = reader.elements()
    label = f"Unit {unit.code}" if unit.code else f"Unit ke-{position} ({unit.title})"
    if not unit.code:
        warnings.append(f"{label} tidak mencantumkan kode unit.")
    warnings.extend(numbering_warnings(label, unit.elements))
    return unit
