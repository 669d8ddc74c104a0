"""Pure-Python document parsing: documents → plain data. No Django import anywhere in this package.

``parse(data, kind=None)`` reads a PDF, DOCX, HTML or text document (recognised by its content), decides
what kind of document it is (SKKNI decree, FR.APL.02 form, scheme document, scheme unit listing) unless
told, and returns a ``Document`` whose ``as_contract()`` is the JSON contract of docs/ARCHITECTURE.md.
Whatever it cannot read raises ``ParseError`` with a one-line Indonesian message; nothing else escapes.
"""

import re
from collections.abc import Callable

from kompeten.standards.parsing.budget import Budget
from kompeten.standards.parsing.errors import (
    MemoryBudgetExceeded,
    ParseError,
    TimeBudgetExceeded,
    UnsupportedDocument,
)
from kompeten.standards.parsing.model import KINDS, Document
from kompeten.standards.parsing.readers import Lines, read

__all__ = [
    "KINDS",
    "Document",
    "MemoryBudgetExceeded",
    "ParseError",
    "TimeBudgetExceeded",
    "UnsupportedDocument",
    "detect_kind",
    "parse",
]

MAX_BYTES = 20 * 1024 * 1024


def parse(
    data: bytes,
    kind: str | None = None,
    *,
    time_budget: float | None = None,
    memory_budget_mb: float | None = None,
    progress: Callable[[float], None] | None = None,
) -> Document:
    """``progress``, when given, is called with the fraction of the document read so far (0 to 1).

    The budgets are the parsing thread's CPU seconds and the memory the parse may add; left out, both are
    scaled to the document's pages (``budget.py``), so that a busy machine never makes a real decree fail.
    """
    if len(data) > MAX_BYTES:
        raise UnsupportedDocument(
            f"Berkas terlalu besar ({len(data) // (1024 * 1024)} MB; paling besar 20 MB)."
        )
    if not data.strip():
        raise UnsupportedDocument("Berkas ini kosong.")
    if kind not in (None, "auto", *KINDS):
        raise ParseError(f"Jenis dokumen tidak dikenal: {kind}.")
    budget = Budget(seconds=time_budget, megabytes=memory_budget_mb)
    try:
        source = read(data, budget=budget, progress=progress)
        chosen = detect_kind(source) if kind in (None, "auto") else kind
        document = _PARSERS[chosen](source)
    except ParseError:
        raise
    except RecursionError as error:
        raise UnsupportedDocument("Struktur dokumen ini terlalu dalam untuk dibaca.") from error
    except MemoryError as error:
        raise MemoryBudgetExceeded("Dokumen ini memerlukan terlalu banyak memori untuk diurai.") from error
    budget.check()
    if not document.units:
        raise UnsupportedDocument(no_units_reason(chosen, source))
    document.warnings.extend(unread_parts(document, source))
    return document


_KIND_NAMES = {
    "skkni": "SKKNI",
    "apl02": "FR.APL.02",
    "scheme": "skema sertifikasi",
    "unit_listing": "daftar unit",
}


def no_units_reason(kind: str, source: Lines) -> str:
    """Why nothing can be imported, with where the document mentions units it could not read."""
    from kompeten.standards.parsing.common import UNIT_CODE

    base = f"Dokumen ini terbaca sebagai {_KIND_NAMES[kind]}, tetapi tidak ditemukan unit kompetensi"
    for index, line in enumerate(source.lines):
        if UNIT_CODE.search(line) or re.search(r"\bUnit\s+Kompetensi\b", line, re.I):
            return (
                f"{base}: tabel atau judul unit pertama ({source.where(index)}) tidak dapat dibaca; "
                "tidak ada yang diimpor."
            )
    return f'{base}: dokumen tidak memuat kode unit maupun judul "Unit Kompetensi"; tidak ada yang diimpor.'


def unread_parts(document: Document, source: Lines) -> list[str]:
    """Units of an SKKNI or an FR.APL.02 whose elements could not be read, with the page or line."""
    if document.kind not in ("skkni", "apl02"):
        return []
    warnings = []
    for unit in document.units:
        if unit.elements:
            continue
        needle = unit.code_printed or unit.title
        index = next((i for i, line in enumerate(source.lines) if needle and needle in line), None)
        place = f" ({source.where(index)})" if index is not None else ""
        label = unit.code or unit.title
        warnings.append(f"Unit {label}{place}: elemen dan KUK-nya tidak terbaca dari dokumen ini.")
    return warnings


def detect_kind(source: Lines) -> str:
    text = "\n".join(source.lines)
    scores = {
        "apl02": 3 * bool(re.search(r"FR\.?\s*APL\.?\s*0?2|ASESMEN\s+MANDIRI", text, re.I))
        + 2 * bool(re.search(r"Dapatka[nh]\s+Saya", text, re.I))
        + bool(re.search(r"^\s*Unit\s+Kompetensi\s*(ke[-\s]*)?[:\d]", text, re.I | re.M)),
        "skkni": 2 * bool(re.search(r"^\s*KODE\s+UNIT\s*:", text, re.M))
        + 2 * bool(re.search(r"BATASAN\s+VARIABEL", text))
        + bool(re.search(r"PANDUAN\s+PENILAIAN", text))
        + bool(re.search(r"KEPUTUSAN\s+MENTERI|STANDAR\s+KOMPETENSI\s+KERJA\s+NASIONAL", text, re.I)),
        "unit_listing": 2 * bool(re.search(r"^\s*Kode\s+unit\s*:", text, re.I | re.M))
        + bool(re.search(r"Elemen\s+Kompetensi", text, re.I)),
        "scheme": 2
        * bool(
            re.search(r"^\s*[-•]?\s*(\d{1,2}(\.\d{1,2})*\.?\s+)?(Nama|Judul)\s+Skema\s*:", text, re.I | re.M)
        )
        + bool(re.search(r"Hak\s+Pemohon|Kewajiban\s+Pemegang|Masa\s+Berlaku", text, re.I))
        + bool(re.search(r"Bukti\s+(Persyaratan\s+)?Dasar|Persyaratan\s+Dasar", text, re.I)),
    }
    best = max(scores, key=lambda kind: (scores[kind], -list(scores).index(kind)))
    if scores[best] == 0:
        raise UnsupportedDocument(
            "Dokumen ini tidak dikenali sebagai SKKNI, FR.APL.02, skema sertifikasi, atau daftar unit."
        )
    return best


def _parsers() -> dict:
    from kompeten.standards.parsing.apl02 import parse_apl02
    from kompeten.standards.parsing.listing import parse_unit_listing
    from kompeten.standards.parsing.scheme import parse_scheme
    from kompeten.standards.parsing.skkni import parse_skkni

    return {
        "skkni": parse_skkni,
        "apl02": parse_apl02,
        "scheme": parse_scheme,
        "unit_listing": parse_unit_listing,
    }


_PARSERS = _parsers()
