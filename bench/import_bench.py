"""Importer speed and memory, as ratios measured in one run. Prints one JSON line per document.

For each corpus PDF: pdfplumber's bare text extraction of every page (``extract_s``) against Kompeten's full
parse (``parse_s``); ``ratio = parse_s / extract_s`` (target ≤ 1.5) and ``peak_mb``, the parse's peak of
Python memory (target < 300 MB). For each text seed: ``parse_s`` (target < 0.05 s).
"""

import io
import json
import pathlib
import sys
import time
import tracemalloc

import pdfplumber

from kompeten.standards.parsing import parse

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
ROUNDS = 3


def best_of(function) -> float:
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def extract_text(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def main() -> int:
    if not SHARED.is_dir():
        print(f"bench: {SHARED} is missing (the corpus lives in ../shared/corpus)", file=sys.stderr)
        return 2
    for path in sorted((SHARED / "corpus").glob("*.pdf")):
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        extract_s = best_of(lambda data=data: extract_text(data))
        parse_s = best_of(lambda data=data: parse(data))
        line = {
            "doc": path.name,
            "pages": pages,
            "extract_s": round(extract_s, 3),
            "parse_s": round(parse_s, 3),
            "ratio": round(parse_s / extract_s, 2),
            "peak_mb": round(peak_mb(lambda data=data: parse(data)), 1),
        }
        print(json.dumps(line), flush=True)
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        data = path.read_bytes()
        parse_s = best_of(lambda data=data: parse(data))
        print(json.dumps({"doc": path.name, "parse_s": round(parse_s, 4), "target_s": 0.05}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
