"""SKKNI decrees: the decree's facts, the BAB II unit list, and every unit in full."""

import re

from kompeten.standards.parsing.common import (
    UNIT_CODE,
    Item,
    find_unit_codes,
    is_nothing,
    numbered_items,
    unit_code,
)
from kompeten.standards.parsing.elements import ElementReader, numbering_warnings
from kompeten.standards.parsing.model import Decree, Document, Unit
from kompeten.standards.parsing.readers import Lines
from kompeten.standards.parsing.text import fold_spaces, join_lines, strip_markup

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari",),
            ("februari", "pebruari"),
            ("maret",),
            ("april",),
            ("mei",),
            ("juni",),
            ("juli",),
            ("agustus",),
            ("september",),
            ("oktober",),
            ("november", "nopember"),
            ("desember",),
        ],
        start=1,
    )
    for name in names
}
SMALL_WORDS = frozenset(
    [
        "dan",
        "atau",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "pada",
        "dengan",
        "dalam",
        "serta",
        "tentang",
        "oleh",
        "bagi",
        "antara",
        "terhadap",
    ]
)

_CODE_LINE = re.compile(r"^\s*KODE\s+UNIT\s*:?\s*(.*)$", re.IGNORECASE)
_TITLE_LINE = re.compile(r"^\s*JUDUL\s+UNIT(?:\s+KOMPETENSI)?\s*:?\s*(.*)$", re.IGNORECASE)
_DESCRIPTION_LINE = re.compile(r"^\s*DESKRIPSI\s+UNIT\s*:?\s*(.*)$", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"^\s*ELEMEN\s+KOMPETENSI\b", re.IGNORECASE)
_VARIABLES = re.compile(r"^\s*BATASAN\s+VAR[IE]?A?BEL\b", re.IGNORECASE)
_GUIDE = re.compile(r"^\s*PANDUAN\s+PENILAIAN\b", re.IGNORECASE)
_CHAPTER = re.compile(r"^\s*(\*\*)?BAB\s+[IVX]+\b", re.IGNORECASE)
_LIST_ROW = re.compile(r"^\s*(\d{1,3})\s*\.?\s+(?=\S)")
_SECTION_HEADING = re.compile(r"^\s*[A-H]\.\s+[A-Z]")


def parse_skkni(source: Lines) -> Document:
    lines = list(source.lines)
    document = Document(kind="skkni", decree=Decree(), warnings=list(source.warnings))
    starts = [index for index, line in enumerate(lines) if _CODE_LINE.match(strip_markup(line))]
    preamble = lines[: starts[0]] if starts else lines
    _decree_facts(document, preamble, "\n".join(lines))
    document.unit_list = _unit_list(preamble, source.words)
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        block = lines[start:end]
        chapter = next((i for i, line in enumerate(block) if i and _CHAPTER.match(strip_markup(line))), None)
        unit = _unit(block[:chapter] if chapter else block, source.words, document.warnings)
        if unit is not None:
            document.units.append(unit)
    _compare_with_list(document)
    return document


# --- the decree --------------------------------------------------------------------------------------


def _decree_facts(document: Document, preamble: list[str], full_text: str) -> None:
    text = strip_markup("\n".join(preamble).replace("\t", " "))
    number = re.search(r"\bNOMOR\s*:?\s*(\d+)\s+TAHUN\s+(\d{4})", text, re.IGNORECASE)
    if number:
        document.decree.number, document.decree.year = int(number.group(1)), int(number.group(2))
    enacted = re.search(
        r"(?:Ditetapkan\s+di\s+\w+\s+)?pada\s+tanggal\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})",
        text,
        re.IGNORECASE,
    )
    if enacted and enacted.group(2).lower() in MONTHS:
        day, month, year = int(enacted.group(1)), MONTHS[enacted.group(2).lower()], int(enacted.group(3))
        document.decree.enacted = f"{year:04d}-{month:02d}-{day:02d}"
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z-])", text):
        if re.search(r"dicabut|tidak\s+berlaku", sentence, re.IGNORECASE):
            replaced = re.search(
                r"(?:maka|berlakunya)\s+((?:Keputusan|Peraturan)\s+Menteri\s+[A-Za-z ]+?\s+Nomor\s+[\w./-]+\s+"
                r"Tahun\s+\d{4})",
                sentence,
            )
            if replaced:
                document.decree.replaces = fold_spaces(replaced.group(1))
                break
    title = _decree_title(preamble)
    if title:
        document.title = _as_printed_elsewhere(title, strip_markup(full_text.replace("\t", " ")))


def _decree_title(preamble: list[str]) -> str | None:
    collecting, parts = False, []
    for raw in preamble:
        line = strip_markup(raw)
        if not collecting:
            if re.fullmatch(r"(?:.*\s)?TENTANG\s*:?", line, re.IGNORECASE) and line.isupper():
                collecting = True
            continue
        if not line:
            if parts:
                break
            continue
        if not line.isupper() or re.match(r"DENGAN\s+RAHMAT|BAB\s+[IVX]+\b|LAMPIRAN\b|[A-H]\.\s", line):
            break
        parts.append(line)
    return fold_spaces(" ".join(parts)) if parts else None


def _as_printed_elsewhere(title: str, text: str) -> str:
    """The decree title is printed in capitals on top; take its mixed-case form from the body if it is there."""
    pattern = r"\s+".join(re.escape(word) for word in title.split())
    for match in re.finditer(pattern, text, re.IGNORECASE):
        if not match.group().isupper():
            return fold_spaces(match.group())
    words = title.lower().split()
    return " ".join(
        word if index and word in SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _unit_list(preamble: list[str], words) -> list[dict]:
    """The BAB II list of units: numbered rows with a code and a (possibly wrapped) title."""
    rows: list[tuple[str, list[str]]] = []
    for raw in preamble:
        line = strip_markup(raw.replace("\t", " "))
        row = _LIST_ROW.match(line)
        codes = UNIT_CODE.search(line)
        if row and codes and codes.start() <= row.end() + 1:
            rows.append((codes.group(1), [line[codes.end() :].strip()]))
        elif rows and line and not _list_break(line):
            rows[-1][1].append(line)
        elif rows and _list_break(line) and not re.match(r"^(NO|1\s+2\s+3)\b", line, re.IGNORECASE):
            rows[-1][1].append("\0")  # the list (or the rows' wrapped titles) ended here
    result = []
    for code, parts in rows:
        parts = parts[: parts.index("\0")] if "\0" in parts else parts
        result.append({"code": unit_code(code), "title": join_lines(parts, words)})
    return result


def _list_break(line: str) -> bool:
    return bool(
        not line
        or _SECTION_HEADING.match(line)
        or _CHAPTER.match(line)
        or re.match(r"^(NO|1\s+2\s+3)\b", line, re.IGNORECASE)
        or line.isupper()
    )


def _compare_with_list(document: Document) -> None:
    if not document.unit_list:
        return
    listed = {entry["code"] for entry in document.unit_list}
    for unit in document.units:
        if unit.code and unit.code not in listed:
            document.warnings.append(
                f"Unit {unit.code} tidak tercantum dalam daftar unit BAB II (daftar dan uraian unit berbeda)."
            )
    described = {unit.code for unit in document.units}
    missing = sorted(listed - described)
    if document.units and missing and len(missing) < len(listed):
        document.warnings.append(
            f"{len(missing)} unit dalam daftar BAB II tidak diuraikan dalam dokumen ini: "
            + ", ".join(missing[:10])
            + ("…" if len(missing) > 10 else "")
        )


# --- one unit ----------------------------------------------------------------------------------------


def _unit(block: list[str], words, warnings: list[str]) -> Unit | None:
    code_printed = fold_spaces(strip_markup(_CODE_LINE.match(strip_markup(block[0])).group(1)))
    codes = find_unit_codes(code_printed)
    printed = codes[0] if codes else code_printed
    if not printed:
        return None
    sections: dict[str, list[str]] = {
        "title": [],
        "description": [],
        "table": [],
        "variables": [],
        "guide": [],
    }
    current = None
    for raw in block[1:]:
        clean = strip_markup(raw)
        line = clean if "\t" not in raw else raw
        if match := _TITLE_LINE.match(clean):
            current, raw = "title", match.group(1)
        elif match := _DESCRIPTION_LINE.match(clean):
            current, raw = "description", match.group(1)
        elif _TABLE_HEADER.match(clean) and current in (None, "title", "description", "table"):
            current = "table"
            continue
        elif _VARIABLES.match(clean):
            current = "variables"
            continue
        elif _GUIDE.match(clean):
            current = "guide"
            continue
        elif line == "" and current in ("title", "description"):
            continue
        if current:
            sections[current].append(raw)
    unit = Unit(
        code=unit_code(printed),
        code_printed=printed,
        title=join_lines([strip_markup(line) for line in sections["title"]], words),
        description=join_lines([strip_markup(line) for line in sections["description"]], words) or None,
    )
    reader = ElementReader()
    for line in sections["table"]:
        reader.feed_line(line)
    unit.elements = reader.elements()
    warnings.extend(numbering_warnings(f"Unit {unit.code}", unit.elements))
    _variables(unit, numbered_items(sections["variables"], words))
    _guide(unit, numbered_items(sections["guide"], words))
    return unit


VARIABLE_HEADINGS = [
    ("context", r"konteks\s+variabel"),
    ("tools", r"peralatan(?!\s+dan)"),
    ("equipment", r"perlengkapan"),
    ("regulations", r"peraturan"),
    ("norms", r"norma(?!\s+dan)"),
    ("standards", r"standar"),
    (None, r"peralatan\s+dan\s+perlengkapan|norma\s+dan\s+standar"),
]
GUIDE_HEADINGS = [
    ("prerequisites", r"persyaratan\s+kompetensi"),
    ("knowledge", r"pengetahuan(?!\s+dan)"),
    ("skills", r"keterampilan|ketrampilan"),
    ("attitudes", r"sikap\s+kerja"),
    ("critical_aspects", r"aspek\s+kritis"),
    (None, r"konteks\s+penilaian|pengetahuan\s+dan\s+keterampilan"),
]


def _heading_key(item: Item, headings) -> tuple[bool, str | None]:
    """Whether the item is a section heading of the batasan variabel / panduan penilaian, and which."""
    text = item.text.rstrip(" :.").lower()
    if len(text.split()) > 7:
        return False, None
    for key, pattern in headings:
        if re.fullmatch(rf"{pattern}(\s+yang\s+diperlukan|\s+penilaian)?", text):
            return True, key
    return False, None


def _assign(items: list[Item], headings) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    current, current_depth = None, 0
    for item in items:
        is_heading, key = _heading_key(item, headings)
        if is_heading and (item.depth <= 2 or key is None):
            current, current_depth = key, item.depth
            continue
        if (
            current is not None
            and (item.depth > current_depth or not item.number)
            and not is_nothing(item.text)
        ):
            found.setdefault(current, []).append(item.text)
    return found


def _variables(unit: Unit, items: list[Item]) -> None:
    for key, texts in _assign(items, VARIABLE_HEADINGS).items():
        if key:
            unit.variables[key] = texts


def _guide(unit: Unit, items: list[Item]) -> None:
    found = _assign(items, GUIDE_HEADINGS)
    unit.prerequisites = list(
        dict.fromkeys(
            unit_code(code) for text in found.get("prerequisites", []) for code in find_unit_codes(text)
        )
    )
    unit.knowledge = found.get("knowledge", [])
    unit.skills = found.get("skills", [])
    unit.attitudes = found.get("attitudes", [])
    unit.critical_aspects = found.get("critical_aspects", [])
