"""Elements and their KUK from the lines of one unit's table, however the table was laid out.

Lines come as tab-separated cells. A table row may hold the element in one cell and its KUK in the next
(SKKNI), or everything in one cell behind labels (``1. Elemen: … Kriteria Unjuk Kerja: 1.1 …``, FR.APL.02),
and rows may break across pages. The cells of a line are read as one stream of text in which three things
are recognised: element markers, the "Kriteria Unjuk Kerja" label, and KUK numbers. A KUK number only
counts where the numbering makes it plausible (the first KUK of an element is ``n.1``, the next ones follow
on), so a number inside a sentence (``Windows 8.1``) never starts a KUK.
"""

import re
from dataclasses import dataclass, field

from kompeten.standards.parsing.model import Element, Kuk
from kompeten.standards.parsing.text import strip_markup

# "1. Elemen:", "Elemen 1:", "1 Elemen" — the FR.APL.02 way of opening an element.
_LABELLED_ELEMENT = re.compile(
    r"(?:(?<![\d.])(\d{1,2})\s*\.?\s*Elemen\b\s*(?:Kompetensi)?\s*:?|\bElemen\s+(\d{1,2})\s*[:.]"
    r"|\bElemen\s*(?:Kompetensi)?\s*:\s*(\d{1,2})\s*[.)]?(?=\s))\s*",
    re.IGNORECASE,
)
# A row that opens with a bare element number: "1. Mengidentifikasi …" (not "1.1 …").
_LEADING_ELEMENT = re.compile(r"^\s*(\d{1,2})(?:\.(?!\d)|\s)\s*(?=[^\d\s])")
_REPEATED_NUMBER = re.compile(r"^\s*(\d{1,2})\.(?!\d)\s*")
_KUK_LABEL = re.compile(r"(?:^|\s)Kriteria\s+Unjuk\s+Kerja\b\s*:?|^\s*KUK\s*:?\s*$", re.IGNORECASE)
# A KUK number opens text, or ends a line whose next line holds the KUK's text ("... kerja. 1.3" / "Sarana").
_KUK_NUMBER = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,2})\.(\d{1,2})(?![\d,])\.?\s*(?=[^\s\d.,;:)]|$)")
_NOISE_CELL = re.compile(r"^(K|BK|Ya|Tidak|V|√|✓|☐|□)$", re.IGNORECASE)


@dataclass
class _Open:
    element: Element
    title_parts: list[str] = field(default_factory=list)
    kuk_parts: list[list[str]] = field(default_factory=list)
    in_title: bool = True


class ElementReader:
    """Feed it the unit's table lines in order; ``elements()`` gives what they held."""

    def __init__(self):
        self.done: list[_Open] = []
        self.open: _Open | None = None
        self.warnings: list[str] = []

    def feed_line(self, line: str) -> None:
        cells = [strip_markup(cell) for cell in line.split("\t")]
        cells = [cell for cell in cells if cell and not _NOISE_CELL.match(cell)]
        text = " ".join(cells)
        if not text:
            return
        element_match = _LEADING_ELEMENT.match(text)
        if (
            len(cells) >= 2
            and element_match
            and not _KUK_LABEL.search(cells[0])
            and not self._is_kuk_start(text)
        ):
            # Element in its own cell, KUK in the next: the whole first cell is the title.
            self._start_element(element_match.group(1))
            self.open.title_parts.append(cells[0][element_match.end() :])
            self.open.in_title = False
            self._feed_text(" ".join(cells[1:]))
            return
        labelled = _LABELLED_ELEMENT.search(text)
        if labelled and (labelled.start() == 0 or not text[: labelled.start()].strip()):
            self._start_element(labelled.group(1) or labelled.group(2) or labelled.group(3))
            text = _REPEATED_NUMBER.sub("", text[labelled.end() :], count=1)
        elif element_match and not self._is_kuk_start(text):
            self._start_element(element_match.group(1))
            text = text[element_match.end() :]
        self._feed_text(text)

    def _is_kuk_start(self, text: str) -> bool:
        match = _KUK_NUMBER.match(text.lstrip())
        return bool(match) and self._kuk_plausible(int(match.group(1)), int(match.group(2)))

    def _start_element(self, number: str) -> None:
        self._close()
        self.open = _Open(Element(no=number, title=""))

    def _feed_text(self, text: str) -> None:
        if self.open is None:
            return
        position = 0
        while position < len(text):
            label = _KUK_LABEL.search(text, position) if self.open.in_title else None
            number = self._next_kuk(text, position)
            stops = [m for m in (label, number) if m]
            if not stops:
                self._append(text[position:])
                break
            first = min(stops, key=lambda m: m.start())
            self._append(text[position : first.start()])
            if first is label:
                self.open.in_title = False
            else:
                self.open.in_title = False
                self.open.kuk_parts.append([f"{first.group(1)}.{first.group(2)}"])
            position = first.end()

    def _next_kuk(self, text: str, start: int):
        for match in _KUK_NUMBER.finditer(text, start):
            if self._kuk_plausible(int(match.group(1)), int(match.group(2))):
                return match
        return None

    def _kuk_plausible(self, major: int, minor: int) -> bool:
        if self.open is None:
            return False
        if not self.open.kuk_parts:
            return minor == 1 and (not self.open.in_title or str(major) == self.open.element.no)
        last_major, last_minor = (int(part) for part in self.open.kuk_parts[-1][0].split("."))
        if major == last_major:
            return last_minor < minor <= last_minor + 2
        return minor == 1 and major == last_major + 1 and not self.open.in_title

    def _append(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self.open.kuk_parts and not self.open.in_title:
            self.open.kuk_parts[-1].append(text)
        else:
            self.open.title_parts.append(text)

    def _close(self) -> None:
        if self.open is not None:
            self.done.append(self.open)
            self.open = None

    def elements(self) -> list[Element]:
        self._close()
        result = []
        for item in self.done:
            element = item.element
            element.title = _clean(" ".join(item.title_parts))
            element.kuk = [Kuk(no=parts[0], text=_clean(" ".join(parts[1:]))) for parts in item.kuk_parts]
            result.append(element)
        return result


def _clean(text: str) -> str:
    text = strip_markup(text)
    return re.sub(r"^[\s:•\-\u2013]+|[\s•]+$", "", text)


def numbering_warnings(unit_label: str, elements: list[Element]) -> list[str]:
    """Numbering errors of the original, kept as printed and reported."""
    warnings = []
    for position, element in enumerate(elements, start=1):
        if element.no != str(position):
            warnings.append(f"{unit_label}: elemen ke-{position} bernomor {element.no} dalam dokumen.")
        for kuk in element.kuk:
            if kuk.no.split(".")[0] != element.no:
                warnings.append(f"{unit_label}: KUK {kuk.no} tercetak di bawah elemen {element.no}.")
        if not element.kuk:
            warnings.append(f"{unit_label}: elemen {element.no} tidak memiliki KUK.")
    return warnings
