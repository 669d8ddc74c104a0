"""Pure-Python document parsing: documents → plain data. No Django import anywhere in this package.

``parse(data, kind=None)`` reads a PDF, DOCX, HTML or text document (recognised by its content), decides
what kind of document it is (SKKNI decree, FR.APL.02 form, scheme document, scheme unit listing) unless
told, and returns a ``Document`` whose ``as_contract()`` is the JSON contract of docs/ARCHITECTURE.md.
Whatever it cannot read raises ``ParseError`` with a one-line Indonesian message; nothing else escapes.
"""

import re
import time
from collections.abc import Callable

from kompeten.standards.parsing.errors import ParseError, TimeBudgetExceeded, UnsupportedDocument
from kompeten.standards.parsing.model import KINDS, Document
from kompeten.standards.parsing.readers import Lines, read

__all__ = [
    "KINDS",
    "Document",
    "ParseError",
    "TimeBudgetExceeded",
    "UnsupportedDocument",
    "detect_kind",
    "parse",
]

MAX_BYTES = 20 * 1024 * 1024
TIME_BUDGET_SECONDS = 60.0


def parse(
    data: bytes,
    kind: str | None = None,
    *,
    time_budget: float = TIME_BUDGET_SECONDS,
    progress: Callable[[float], None] | None = None,
) -> Document:
    """``progress``, when given, is called with the fraction of the document read so far (0 to 1)."""
    if len(data) > MAX_BYTES:
        raise UnsupportedDocument(
            f"Berkas terlalu besar ({len(data) // (1024 * 1024)} MB; paling besar 20 MB)."
        )
    if not data.strip():
        raise UnsupportedDocument("Berkas ini kosong.")
    if kind not in (None, "auto", *KINDS):
        raise ParseError(f"Jenis dokumen tidak dikenal: {kind}.")
    deadline = time.monotonic() + time_budget
    try:
        source = read(data, deadline=deadline, progress=progress)
        chosen = detect_kind(source) if kind in (None, "auto") else kind
        document = _PARSERS[chosen](source)
    except ParseError:
        raise
    except RecursionError as error:
        raise UnsupportedDocument("Struktur dokumen ini terlalu dalam untuk dibaca.") from error
    if time.monotonic() > deadline:
        raise TimeBudgetExceeded("Dokumen ini terlalu lama diurai (melebihi batas waktu); periksa berkasnya.")
    if not document.units and not (document.scheme and document.scheme.title):
        raise UnsupportedDocument(
            "Tidak ditemukan unit kompetensi dalam dokumen ini; pastikan berkasnya SKKNI, FR.APL.02, atau skema."
        )
    return document


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
        "scheme": 2 * bool(re.search(r"^\s*[-•]?\s*(Nama|Judul)\s+Skema\s*:", text, re.I | re.M))
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
