"""Importer speed and memory, measured in one run against PDFium itself. Prints one JSON line per document.

For every corpus PDF (``../shared/corpus`` and ``../shared/corpus/wild``):

- ``pdfium_s``: the baseline, the CPU time to open the file with ``pypdfium2`` and, for every page, take its
  ``get_textpage()``, ``count_chars()`` and ``get_charbox(i)`` of every character (best of 3);
- ``parse_s``: the CPU time of Kompeten's whole parse of the same file (best of 3), and
  ``ratio_pdfium = parse_s / pdfium_s`` (target ≤ 2);
- ``peak_mb``: the peak resident memory of a child process that imports the parser and parses the file
  (target < 200 MB; tracemalloc would not see PDFium's own memory);
- ``pdfplumber_s`` and ``ratio_pdfplumber``: pdfplumber's ``extract_text`` of every page (one round; the
  reader before PDFium), for comparison only.

CPU time (``time.thread_time``), not wall-clock time, so that the ratios hold on a loaded machine. A document
the parser refuses prints a line with its error. For each text seed: ``parse_s`` (target < 0.05 s). Exits 1
when any target is missed.
"""

import io
import json
import pathlib
import subprocess
import sys
import time

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
ROUNDS = 3
RATIO_TARGET = 2.0
PEAK_TARGET_MB = 200
SEED_TARGET_S = 0.05

# The child's own high-water mark of resident memory (VmHWM starts afresh at exec; ru_maxrss would carry the
# parent's peak over).
_CHILD = """
import sys
from kompeten.standards.parsing import ParseError, parse
try:
    parse(open(sys.argv[1], "rb").read())
except ParseError:
    pass
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def cpu_best_of(function, rounds: int = ROUNDS) -> float:
    timings = []
    for _ in range(rounds):
        start = time.thread_time()
        function()
        timings.append(time.thread_time() - start)
    return min(timings)


def pdfium_baseline(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    total = 0
    try:
        for page in pdf:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            for index in range(count):
                textpage.get_charbox(index)
            total += count
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return total


def pdfplumber_text(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def child_peak_mb(path: pathlib.Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=600, check=True
    )
    return int(result.stdout.split()[-1]) / 1024  # VmHWM is in KiB


def main() -> int:
    import pypdfium2 as pdfium

    from kompeten.standards.parsing import ParseError, parse

    if not SHARED.is_dir():
        print(f"bench: {SHARED} is missing (the corpus lives in ../shared/corpus)", file=sys.stderr)
        return 2
    missed = []
    paths = sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "corpus" / "wild").glob("*.pdf"))
    for path in paths:
        data = path.read_bytes()
        pdf = pdfium.PdfDocument(data)
        line = {"doc": path.name, "pages": len(pdf)}
        pdf.close()
        try:
            parse(data)
        except ParseError as error:
            line["error"] = error.message
        line["pdfium_s"] = round(cpu_best_of(lambda data=data: pdfium_baseline(data)), 3)
        if "error" not in line:
            parse_s = cpu_best_of(lambda data=data: parse(data))
            line["parse_s"] = round(parse_s, 3)
            line["ratio_pdfium"] = round(parse_s / max(line["pdfium_s"], 1e-6), 2)
        line["peak_mb"] = round(child_peak_mb(path), 1)
        line["pdfplumber_s"] = round(cpu_best_of(lambda data=data: pdfplumber_text(data), rounds=1), 3)
        if "parse_s" in line:
            line["ratio_pdfplumber"] = round(line["parse_s"] / max(line["pdfplumber_s"], 1e-6), 2)
        line["targets"] = {"ratio_pdfium": RATIO_TARGET, "peak_mb": PEAK_TARGET_MB}
        if line.get("ratio_pdfium", 0) > RATIO_TARGET or line["peak_mb"] >= PEAK_TARGET_MB:
            missed.append(path.name)
        print(json.dumps(line), flush=True)
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        data = path.read_bytes()
        parse_s = cpu_best_of(lambda data=data: parse(data))
        print(
            json.dumps({"doc": path.name, "parse_s": round(parse_s, 4), "target_s": SEED_TARGET_S}),
            flush=True,
        )
        if parse_s >= SEED_TARGET_S:
            missed.append(path.name)
    if missed:
        print(f"bench: targets missed for {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
