"""Documents as text lines, whatever they came in: PDF, DOCX, HTML or plain text.

Every reader gives the same thing: lines whose table cells are separated by tabs. The PDF reader also
rebuilds two-column Elemen / KUK tables from word positions, so that each table row comes out whole
(``element<TAB>its KUK``) instead of its two columns interleaving line by line.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kompeten.standards.parsing.archive import archive_check
from kompeten.standards.parsing.budget import Budget
from kompeten.standards.parsing.errors import UnsupportedDocument
from kompeten.standards.parsing.text import join_lines, vocabulary

MAX_PAGES = 1500
_FOOTER = re.compile(r"^\s*(©|\(c\)\s|Copyright\b|Hak\s+cipta\b)", re.IGNORECASE)


@dataclass
class Lines:
    lines: list[str]
    format: str
    warnings: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    pages: list[int] = field(default_factory=list)  # a PDF's page of every line

    def where(self, index: int) -> str:
        """Where line ``index`` stands, for a person: its page in a PDF, its line elsewhere."""
        if self.pages and index < len(self.pages):
            return f"halaman {self.pages[index]}"
        return f"baris {index + 1}"


def sniff_format(data: bytes) -> str:
    """``pdf``, ``docx``, ``html`` or ``text``, from the content itself (never the file name)."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    archive_check(archive, kind="Word (DOCX)")
                    return "docx"
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError):
            pass  # damaged or exotic archives: not a document we can read
        raise UnsupportedDocument("Berkas ZIP ini bukan dokumen Word (DOCX).")
    text = _decode(data)
    if text is None:
        raise UnsupportedDocument("Berkas ini bukan PDF, DOCX, HTML, atau teks yang dapat dibaca.")
    if re.search(r"<(html|body|table|div|!doctype)\b", text[:4096], re.IGNORECASE):
        return "html"
    return "text"


def read(data: bytes, *, budget: Budget, progress=None) -> Lines:
    document_format = sniff_format(data)
    if document_format == "pdf":
        result = read_pdf(data, budget=budget, progress=progress)
    else:
        reader = {"docx": read_docx, "html": read_html, "text": read_text}[document_format]
        result = reader(data, budget=budget)
    if not any(line.strip() for line in result.lines):
        if document_format == "pdf":
            raise UnsupportedDocument(
                "PDF ini tidak memiliki lapisan teks (halaman hasil pindaian); unggah PDF yang teksnya dapat dipilih."
            )
        raise UnsupportedDocument("Dokumen ini kosong.")
    kept = [index for index, line in enumerate(result.lines) if not _FOOTER.match(line)]
    if result.pages:
        result.pages = [result.pages[index] for index in kept]
    result.lines = [result.lines[index] for index in kept]
    if not result.words:
        result.words = vocabulary("\n".join(result.lines))
    return result


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _decode(data: bytes) -> str | None:
    """The text of a text or HTML file (UTF-8, UTF-16 with its mark, or Windows-1252), or None for binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in data[:4096]:
        return None
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        return text if len(_CONTROL.findall(sample)) <= len(sample) * 0.01 else None
    return None


# --- plain text --------------------------------------------------------------------------------------


def read_text(data: bytes, *, budget: Budget) -> Lines:
    text = _decode(data) or ""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return Lines(lines=[_markdown_row(line) for line in lines], format="text")


def _markdown_row(line: str) -> str:
    """``| a | b |`` markdown table rows as tab-separated cells; ``---|---`` rules as empty lines."""
    stripped = line.strip()
    if re.fullmatch(r"[-|:\s]+", stripped) and "-" in stripped and ("|" in stripped or len(stripped) >= 3):
        return ""
    if stripped.count("|") >= 1 and "\t" not in stripped:
        return "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))
    return line


# --- HTML --------------------------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section"}


# Elements whose content is never the page's text: scripts and styles, and the form's own controls.
_CONTROLS = {"script", "style", "head", "button", "select", "option", "textarea"}


class _HtmlLines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0
        self.links: list[bool] = []  # for every open <a>: whether its text is skipped

    def handle_starttag(self, tag, attrs):
        if tag == "a":  # a link styled as a button ("Unduh ...") is a control of the page, not its text
            button = "btn" in (dict(attrs).get("class") or "").split() or any(
                word.startswith("btn-") for word in (dict(attrs).get("class") or "").split()
            )
            self.links.append(button)
            self.skip += button
        if tag in _CONTROLS:
            self.skip += 1
        elif tag in ("td", "th"):
            if self.lines[-1].strip():
                self.lines[-1] += "\t"
        elif tag in _BLOCKS and tag not in ("p", "li") and self.lines[-1].strip():
            self.lines.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self.links and self.links.pop():
            self.skip = max(0, self.skip - 1)
        if tag in _CONTROLS:
            self.skip = max(0, self.skip - 1)
        elif tag in ("tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div") or (
            tag in ("p", "li") and "\t" not in self.lines[-1]
        ):
            self.lines.append("")
        elif tag in ("p", "li"):
            self.lines[-1] += " "

    def handle_data(self, data):
        if not self.skip:
            self.lines[-1] += re.sub(r"\s+", " ", data)


_SERVER_CODE = re.compile(r"<\?(?:php\b|=).*?(?:\?>|$)", re.IGNORECASE | re.DOTALL)


def read_html(data: bytes, *, budget: Budget) -> Lines:
    parser = _HtmlLines()
    # Server-side code in a saved template (<?php ... ?>, <?= ... ?>) is no part of the page's text; its
    # "->" would end an HTML processing instruction early and spill the code into the text.
    parser.feed(_SERVER_CODE.sub(" ", _decode(data) or ""))
    parser.close()
    return Lines(lines=[line.strip(" ") for line in parser.lines], format="html")


# --- DOCX --------------------------------------------------------------------------------------------


def read_docx(data: bytes, *, budget: Budget) -> Lines:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds of errors on broken files
        raise UnsupportedDocument("Dokumen Word (DOCX) ini rusak atau tidak dapat dibaca.") from error
    labels = _numbering_labels(document, budget=budget)

    def text(paragraph, *, in_cell: bool) -> str:
        label = labels.get(paragraph._p)
        if label is None:
            return paragraph.text
        number, suffix = label
        # Inside a cell a tab would split the cell: the number is followed by a space there.
        return f"{number}{' ' if in_cell and suffix else suffix}{paragraph.text}"

    lines: list[str] = []
    for block in document.element.body.iterchildren():
        budget.check()
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(text(Paragraph(block, document), in_cell=False).split("\n"))
        elif tag == "tbl":
            # Cells of the rows above: a vertically merged cell comes back in every row it spans.
            above = set()
            for row in Table(block, document).rows:
                cells, previous, here = [], None, set()
                for cell in row.cells:
                    if cell._tc is previous:  # a merged cell repeats itself
                        continue
                    previous = cell._tc
                    here.add(cell._tc)
                    if cell._tc in above:  # its text stands once, in the row where the merge begins
                        cells.append("")
                        continue
                    cells.append(" ".join(text(p, in_cell=True) for p in cell.paragraphs).strip())
                above |= here
                lines.append("\t".join(cells))
            lines.append("")
    return Lines(lines=lines, format="docx")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbering_labels(document, *, budget: Budget) -> dict:
    """The number Word prints before each auto-numbered paragraph (``w:numPr``), by paragraph element.

    Counted once over every paragraph in document order, so that a merged cell python-docx returns twice
    is not counted twice.
    """
    from kompeten.standards.parsing.numbering import WordNumbering

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, ValueError):
        return {}
    try:
        styles = document.part.styles.element
    except (KeyError, NotImplementedError, ValueError):
        styles = None
    reader = WordNumbering(numbering, styles)
    labels = {}
    for count, paragraph in enumerate(document.element.body.iter(_W + "p")):
        if count % 200 == 0:
            budget.check()
        label = reader.label(paragraph)
        if label is not None:
            labels[paragraph] = label
    return labels


# --- PDF ---------------------------------------------------------------------------------------------

_TABLE_HEADER = re.compile(r"ELEMEN\s+KOMPETENSI.*KRITERIA\s+UNJUK\s+KERJA", re.IGNORECASE)
_TABLE_END = re.compile(r"^\s*(BATASAN\s+VAR[IE]?A?BEL|PANDUAN\s+PENILAIAN|KODE\s+UNIT\b)", re.IGNORECASE)
_ELEMENT_START = re.compile(r"^\d{1,2}\.?$")
_KUK_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?$")
_KUK_OPENING = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(?:\s|$)")


def _first_kuk(text: str) -> tuple[str, str] | None:
    match = _KUK_OPENING.match(text)
    return (match.group(1), match.group(2)) if match else None


_PAGE_NUMBER = re.compile(
    r"^\s*(?:(-\s*)?\d{1,4}(\s*-)?|(?:Halaman|Hal\.?|Page)\s+\d{1,4}(?:\s*(?:dari|of|/)\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
# The header of an FR.APL.02 table: the question column, then K, BK and the evidence columns.
_APL02_HEADER = re.compile(r"Dapatka[nh]\s+Saya\s*\??\s+K\s+BK\b", re.IGNORECASE)
_APL02_END = re.compile(
    r"^\s*(Unit\s+Kompetensi\b|Kode\s+(Unit|Kompetensi)\b|Jud\w{1,3}\s+(Unit|Kompetensi)\b|Nama\s+Asesi\b"
    r"|Ditinjau\s+oleh\b)",
    re.IGNORECASE,
)


def read_pdf(data: bytes, *, budget: Budget, progress=None) -> Lines:
    from kompeten.standards.parsing.pdf import open_pdf

    pdf = open_pdf(data)
    try:
        return _read_pdf_pages(pdf, budget=budget, progress=progress)
    finally:
        pdf.close()


def _read_pdf_pages(pdf, *, budget: Budget, progress=None) -> Lines:
    from kompeten.standards.parsing.pdf import page_words

    count = len(pdf)
    if count > MAX_PAGES:
        raise UnsupportedDocument(f"PDF ini terlalu panjang ({count} halaman; paling banyak {MAX_PAGES}).")
    budget.pages(count)
    result = Lines(lines=[], format="pdf")
    page_lines, scanned = [], []
    for number in range(1, count + 1):
        budget.check()
        try:
            page = pdf[number - 1]
        except Exception as error:  # PDFium reports a broken page as a generic error
            raise UnsupportedDocument(f"Halaman {number} PDF ini rusak dan tidak dapat dibaca.") from error
        try:
            words = page_words(page)
        finally:
            page.close()
        if not words:
            scanned.append(number)
        page_lines.extend((number, line) for line in _page_lines(words))
        if progress is not None:
            progress(number / count)
    result.words = vocabulary(" ".join(w["text"] for _, line in page_lines for w in line))
    table = _PdfTable(result)
    for number, line in page_lines:
        table.page = number
        table.feed(line)
    table.flush()
    if scanned:
        result.warnings.append(
            "Halaman tanpa lapisan teks (hasil pindaian, tidak dapat dibaca): " + _ranges(scanned) + "."
        )
    return result


def _ranges(numbers: list[int]) -> str:
    spans, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current != previous + 1:
            spans.append(str(start) if start == previous else f"{start}-{previous}")
            start = current
    return ", ".join(spans)


def _page_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into visual lines, top to bottom, each line left to right; page numbers dropped."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    lines = [sorted(line, key=lambda w: w["x0"]) for line in lines]
    if lines and _PAGE_NUMBER.match(" ".join(w["text"] for w in lines[-1])):
        lines.pop()
    if lines and _PAGE_NUMBER.match(" ".join(w["text"] for w in lines[0])):
        lines.pop(0)
    return lines


class _PdfTable:
    """Feeds page lines through; an Elemen / KUK table is buffered whole and rebuilt row by row.

    The column boundary is where the KUK numbers stand (``1.1``, ``2.3``): the header's words are centred
    in their columns and say little about where a column begins.
    """

    def __init__(self, result: Lines):
        self.result = result
        self.active = False
        self.header_criteria_x: float | None = None
        self.buffer: list[list[dict]] = []
        self.answers_x: float | None = None  # inside an FR.APL.02 table: where the K column starts
        self.page = 0  # the page of the line being fed
        self.buffer_pages: list[int] = []

    def _append(self, text: str, page: int) -> None:
        self.result.lines.append(text)
        self.result.pages.append(page)

    def feed(self, words: list[dict]) -> None:
        text = " ".join(w["text"] for w in words)
        if _APL02_HEADER.search(text):
            answer = next((w for w in words if w["text"] == "K"), None)
            self.answers_x = answer["x0"] - 2 if answer else None
            self._append(text, self.page)
            return
        if self.answers_x is not None:
            if _APL02_END.match(text):
                self.answers_x = None
            else:  # the answers and evidence columns say nothing about the units
                text = " ".join(w["text"] for w in words if w["x0"] < self.answers_x)
        if _TABLE_HEADER.search(text):
            if not self.active:  # a header repeated on a continuation page changes nothing
                self.active = True
                self.buffer, self.buffer_pages = [], []
                self._append("ELEMEN KOMPETENSI\tKRITERIA UNJUK KERJA", self.page)
            criteria = next((w for w in words if w["text"].upper().startswith("KRITERIA")), None)
            self.header_criteria_x = criteria["x0"] if criteria else self.header_criteria_x
            return
        if self.active and _TABLE_END.match(text):
            self.flush()
        if self.active:
            self.buffer.append(words)
            self.buffer_pages.append(self.page)
        else:
            self._append(text, self.page)

    def _boundary(self) -> float:
        numbers = sorted(
            w["x0"] for line in self.buffer for i, w in enumerate(line) if i and _KUK_NUMBER.match(w["text"])
        )
        numbers += sorted(w["x0"] for line in self.buffer for w in line[:1] if _KUK_NUMBER.match(w["text"]))
        if numbers:
            return min(numbers) - 2
        return (self.header_criteria_x or 250) - 40

    def flush(self) -> None:
        """Rebuild the buffered table's rows.

        Element cells may be aligned to the top of their row or centred in it. Right-column lines that come
        before an element's number therefore belong to it when they open its first KUK (``n.1``) and the
        element's own line does not; otherwise they continue the element above.
        """
        if not self.active:
            return
        boundary = self._boundary()
        rows: list[tuple[list[str], list[str]]] = []
        row_pages: list[int] = []
        pending: list[str] = []  # right-column lines not yet given to a row
        for words, page in zip(self.buffer, self.buffer_pages, strict=True):
            left = " ".join(w["text"] for w in words if w["x0"] < boundary)
            right = " ".join(w["text"] for w in words if w["x0"] >= boundary)
            element = _ELEMENT_START.match(left.split(" ", 1)[0]) if left else None
            if element:
                number = left.split(" ", 1)[0].rstrip(".")
                opens_here = _first_kuk(right) == (number, "1")
                start = next((i for i, line in enumerate(pending) if _first_kuk(line) == (number, "1")), None)
                moved = pending[start:] if start is not None and not opens_here else []
                if rows:
                    rows[-1][1].extend(pending[: len(pending) - len(moved)])
                rows.append(([left], [*moved, *([right] if right else [])]))
                row_pages.append(page)
                pending = []
                continue
            if not rows:
                rows.append(([], []))
                row_pages.append(page)
            if left:
                rows[-1][1].extend(pending)
                pending = []
                rows[-1][0].append(left)
                if right:
                    rows[-1][1].append(right)
            elif right:
                pending.append(right)
        if rows:
            rows[-1][1].extend(pending)
        for (left_lines, right_lines), page in zip(rows, row_pages, strict=True):
            self._row(left_lines, right_lines, page)
        self.active, self.buffer, self.buffer_pages = False, [], []

    def _row(self, left: list[str], right: list[str], page: int) -> None:
        if left or right:
            words = self.result.words
            self._append(f"{join_lines(left, words)}\t{join_lines(right, words)}", page)
