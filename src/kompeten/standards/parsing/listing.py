"""A scheme's unit listing: a table of units (code, title), then each unit's elements and KUK."""

import re

from kompeten.standards.parsing.common import UNIT_CODE, find_unit_codes, unit_code
from kompeten.standards.parsing.elements import ElementReader, numbering_warnings
from kompeten.standards.parsing.model import Document, Unit
from kompeten.standards.parsing.readers import Lines
from kompeten.standards.parsing.text import fold_spaces, strip_markup

_SECTION = re.compile(r"^\s*Kode\s+Unit\s*:?\s*(.*)$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*(?:Judul|Nama)\s+Unit(?:\s+Kompetensi)?\s*:?\s*(.*)$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*(Elemen\s+Kompetensi|No\.?\s+Kode)", re.IGNORECASE)


_TABLE_HEADER = re.compile(r"\b(Kode\s+Unit|Judul\s+Unit|No\.?\s+Kode)\b", re.IGNORECASE)
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*$")


def unit_table(lines: list[str], *, wrapped: bool = False) -> list[dict]:
    """Rows of a units table (``No | Kode Unit | Judul``) as code and title.

    A row is a line holding a unit code; its title is what follows the code (tab cells or, from a PDF,
    words joined by spaces). With ``wrapped``, a title may also wrap onto the lines after its row, and a row
    whose title is not on its own line (the code centred against a two-line title) takes the lines before
    it as well; table headers, row numbers standing alone and running page headers are left out.
    """
    rows: list[dict] = []
    loose: list[str] = []  # lines since the last row that hold no code
    for raw in lines:
        cells = [strip_markup(cell) for cell in raw.split("\t") if strip_markup(cell)]
        row = _row(cells) if not wrapped else _row(cells) or _spaced_row(" ".join(cells))
        if row is None:
            text = fold_spaces(" ".join(cells))
            if wrapped and text and not _TABLE_HEADER.search(text) and not _ROW_NUMBER.match(text):
                loose.append(text)
            continue
        if wrapped:
            if rows and (row["title"] or not rows[-1]["title"]):
                _extend(rows[-1], loose)
            elif not row["title"]:
                row["title"] = fold_spaces(" ".join(loose))
            else:
                pass  # text before the first row that has a title of its own: not part of the table
            loose = []
        rows.append(row)
    if wrapped and rows:
        _extend(rows[-1], loose)
    return rows


def _row(cells: list[str]) -> dict | None:
    for index, cell in enumerate(cells):
        match = UNIT_CODE.fullmatch(cell)
        if match and index + 1 < len(cells):
            return {
                "code": unit_code(match.group(1)),
                "code_printed": match.group(1),
                "title": fold_spaces(" ".join(cells[index + 1 :])).lstrip(": ").strip(),
            }
    return None


def _spaced_row(text: str) -> dict | None:
    """``1 J.62DMI00.004.1 Mengumpulkan Data``: the row number, the code and the title in one line."""
    match = re.match(r"^\s*(?:\d{1,3}\s*[.)]?\s+)?(\S+)\s*(.*)$", text)
    if not match or not UNIT_CODE.fullmatch(match.group(1)):
        return None
    printed = match.group(1)
    return {"code": unit_code(printed), "code_printed": printed, "title": match.group(2).lstrip(": ").strip()}


def _extend(row: dict, lines: list[str]) -> None:
    title = row["title"]
    for line in lines:
        if line.isupper() and not title.isupper():
            continue  # a running header or footer inside the table
        title = f"{title} {line}" if title else line
    row["title"] = fold_spaces(title)


def parse_unit_listing(source: Lines) -> Document:
    document = Document(kind="unit_listing", warnings=list(source.warnings))
    lines = source.lines
    starts = [
        index for index, line in enumerate(lines) if _SECTION.match(strip_markup(line.replace("\t", " ")))
    ]
    listed = unit_table(lines[: starts[0]] if starts else lines)
    document.unit_list = [{"code": row["code"], "title": row["title"]} for row in listed]
    titles = {row["code"]: row["title"] for row in listed}
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        block = lines[start:end]
        codes = find_unit_codes(strip_markup(block[0]))
        printed = codes[0] if codes else None
        code = unit_code(printed) if printed else None
        title = titles.get(code, "")
        reader = ElementReader()
        for line in block[1:]:
            clean = strip_markup(line.replace("\t", " "))
            if match := _TITLE.match(clean):
                title = title or fold_spaces(match.group(1))
                continue
            if _HEADER.match(clean):
                continue
            reader.feed_line(line)
        unit = Unit(code=code, code_printed=printed, title=title, elements=reader.elements())
        document.warnings.extend(numbering_warnings(f"Unit {code}", unit.elements))
        document.units.append(unit)
    return document
