"""Scheme documents (skema sertifikasi): identity, units, requirements, evidence, methods, validity,
rights, obligations and fee."""

import re

from kompeten.standards.parsing.common import is_nothing, numbered_items
from kompeten.standards.parsing.listing import unit_table
from kompeten.standards.parsing.model import Document, SchemeFacts, Unit
from kompeten.standards.parsing.readers import Lines
from kompeten.standards.parsing.text import fold_spaces, join_lines, strip_markup

SECTIONS = [
    ("units", r"(rincian|daftar)\s+unit(\s+kompetensi)?|unit\s+kompetensi"),
    ("basic_evidence", r"bukti\s+(persyaratan\s+)?dasar|persyaratan\s+bukti\s+dasar"),
    ("admin_evidence", r"bukti\s+(persyaratan\s+)?administra(tif|si)|persyaratan\s+administra(tif|si)"),
    ("requirements", r"persyaratan(\s+dasar)?(\s+(pemohon|peserta))?(\s+sertifikasi)?"),
    ("methods", r"metode\s+(asesmen|uji|sertifikasi)"),
    ("validity", r"masa\s+berlaku(\s+sertifikat)?"),
    ("rights", r"hak\s+(pemohon|peserta|asesi)(\s+sertifikasi)?"),
    ("obligations", r"kewajiban\s+(pemegang\s+sertifikat|peserta|asesi)"),
    ("fee", r"biaya(\s+sertifikasi)?"),
]
_FIELD = re.compile(r"^\s*[-•]?\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?([A-Za-z][A-Za-z ]{1,40}?)\s*:\s*(.+)$")
_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5}


def parse_scheme(source: Lines) -> Document:
    scheme = SchemeFacts()
    document = Document(kind="scheme", scheme=scheme, warnings=list(source.warnings))
    sections: dict[str, list[str]] = {}
    current = None
    number = None  # the printed number of the current section's heading ("8." of "8. Biaya Sertifikasi")
    running = _running_lines(source.lines)
    for raw in source.lines:
        line = strip_markup(raw.replace("\t", " "))
        if _without_digits(line) in running:
            if not scheme.kind and (
                kind := re.search(r"SKEMA\s+SERTIFIKASI\s+(KKNI|OKUPASI|KLASTER)", line, re.I)
            ):
                scheme.kind = _kind(kind.group(1))  # the running header names the kind of scheme
            continue
        key = _section(line)
        if key:
            current = key
            sections.setdefault(key, [])
            heading = re.match(r"^\s*(\d{1,2})[.)]\s", line)
            number = int(heading.group(1)) if heading else None
            continue
        if current and number is not None and _next_heading(line, number):
            current, number = None, None  # a section the parser does not keep ("9. Proses Sertifikasi")
            continue
        if current:
            sections[current].append(raw)
        elif match := _FIELD.match(line):
            _identity(scheme, match.group(1).lower(), fold_spaces(match.group(2)))
        elif not scheme.kind and (
            kind := re.search(r"SKEMA\s+SERTIFIKASI\s+(KKNI|OKUPASI|KLASTER)", line, re.I)
        ):
            scheme.kind = _kind(kind.group(1))
    words = source.words
    document.units = [
        Unit(code=row["code"], code_printed=row["code_printed"], title=row["title"])
        for row in unit_table(sections.get("units", []), wrapped=True)
    ]
    document.unit_list = [{"code": unit.code, "title": unit.title} for unit in document.units]
    scheme.requirements = _list(sections.get("requirements", []), words)
    scheme.basic_evidence = _list(sections.get("basic_evidence", []), words)
    scheme.admin_evidence = _list(sections.get("admin_evidence", []), words)
    scheme.rights = _list(sections.get("rights", []), words)
    scheme.obligations = _list(sections.get("obligations", []), words)
    scheme.methods = _methods(sections.get("methods", []), words)
    validity = join_lines([strip_markup(line) for line in sections.get("validity", [])], words)
    if years := re.search(
        r"(\d{1,2}|satu|dua|tiga|empat|lima)\s*(\([^)]*\)\s*)?tahun", validity, re.IGNORECASE
    ):
        value = years.group(1).lower()
        scheme.validity_years = int(value) if value.isdigit() else _NUMBER_WORDS[value]
    fee = join_lines([strip_markup(line.replace("\t", " ")) for line in sections.get("fee", [])], words)
    scheme.fee = fee or None
    if not document.units:
        document.warnings.append("Dokumen skema ini tidak memuat daftar unit kompetensi.")
    return document


def _running_lines(lines: list[str]) -> set[str]:
    """Running page headers and footers: the same capitalised line (page numbers aside) again and again."""
    counts: dict[str, int] = {}
    for raw in lines:
        text = _without_digits(strip_markup(raw.replace("\t", " ")))
        if len(text) > 8 and text.isupper():
            counts[text] = counts.get(text, 0) + 1
    return {text for text, count in counts.items() if count >= 2}


def _without_digits(line: str) -> str:
    return re.sub(r"\s*\d+\s*$", "", line.strip())


def _next_heading(line: str, number: int) -> bool:
    """``9. Proses Sertifikasi`` after section 8: the next top-level heading, a short line with no full stop."""
    match = re.match(r"^\s*(\d{1,2})[.)]\s+(\S.*)$", line)
    return bool(
        match
        and int(match.group(1)) == number + 1
        and len(match.group(2).split()) <= 10
        and not match.group(2).rstrip().endswith((".", ";", ","))
    )


def _section(line: str) -> str | None:
    text = line.strip().rstrip(":").strip()
    text = re.sub(r"^(?:([A-Z]|[IVX]+)[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?)\s+", "", text)
    if not text or len(text.split()) > 6:
        return None
    for key, pattern in SECTIONS:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return key
    return None


def _identity(scheme: SchemeFacts, label: str, value: str) -> None:
    if re.fullmatch(r"(nama|judul)(\s+skema)?", label) and not scheme.title:
        scheme.title = value
    elif re.fullmatch(r"(kode|nomor)(\s+skema)?", label) and not scheme.code:
        scheme.code = value
    elif re.fullmatch(r"(jenis|kategori)(\s+skema)?", label) and not scheme.kind:
        scheme.kind = _kind(value)


def _kind(value: str) -> str | None:
    if "/" in value:  # "KKNI/Okupasi/Klaster": the form's choices, the one chosen marked only graphically
        return None
    for kind in ("KKNI", "Okupasi", "Klaster"):
        if kind.lower() in value.lower():
            return kind
    return None


def _list(lines: list[str], words) -> list[str]:
    return [item.text for item in numbered_items(lines, words) if item.text and not is_nothing(item.text)]


def _methods(lines: list[str], words) -> list[dict]:
    """Numbered candidate groups (``1. Berpengalaman``), each followed by the methods used for them."""
    groups: list[tuple[str, list[str]]] = []
    for raw in lines:
        line = strip_markup(raw.replace("\t", " "))
        if not line:
            continue
        numbered = re.match(r"^(\d{1,2})[.)]\s+(.+)$", line)
        if numbered and len(numbered.group(2).split()) <= 8:
            groups.append((numbered.group(2).rstrip(" :"), []))
        elif groups:
            groups[-1][1].append(line)
    methods = []
    for candidates, text_lines in groups:
        text = join_lines(text_lines, words)
        found = re.search(r".*\bmetode\s+(.+?)\.?$", text, re.IGNORECASE | re.DOTALL)
        names = re.split(r",\s*|\s+dan\s+|\s+serta\s+", found.group(1)) if found else [text] if text else []
        methods.append(
            {"candidates": candidates, "methods": [fold_spaces(name) for name in names if name.strip()]}
        )
    return methods
