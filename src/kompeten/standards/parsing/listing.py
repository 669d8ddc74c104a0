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


def unit_table(lines: list[str]) -> list[dict]:
    """Rows of a units table (``No | Kode Unit | Judul``) as code and title."""
    rows = []
    for raw in lines:
        cells = [strip_markup(cell) for cell in raw.split("\t") if strip_markup(cell)]
        for index, cell in enumerate(cells):
            match = UNIT_CODE.fullmatch(cell)
            if match and index + 1 < len(cells):
                rows.append(
                    {
                        "code": unit_code(match.group(1)),
                        "code_printed": match.group(1),
                        "title": fold_spaces(" ".join(cells[index + 1 :])),
                    }
                )
                break
    return rows


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
