"""Pieces every document kind uses: unit codes in running text, numbered lists, section boundaries."""

import re
from dataclasses import dataclass

from kompeten.standards.parsing.codes import normalise_unit_code
from kompeten.standards.parsing.text import join_lines, strip_markup

# Unit codes as printed: M.70MKT00.025.2, M.70.MKT00.025.2, N.821.100.029.02, J.611000.001.01,
# M74DKV13.015.3, TAN. KS01.001.01, MSL913001A.
UNIT_CODE = re.compile(
    r"(?<![\w.])("
    r"[A-Z]{1,4}\s?\.?\s?\d{2,3}(?:\.?[A-Z0-9]{2,8}){1,2}\.\d{2,3}\.\d{1,2}"
    r"|[A-Z]{2,4}\.\s?[A-Z]{1,4}\d{2}\.\d{3}\.\d{2}"
    r"|[A-Z]{3}\d{6}[A-Z]"
    r")(?![\w])"
)
_NUMBERED = re.compile(r"^\s*[-•*]?\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s+|$)(.*)$")
_NOTHING = re.compile(r"^\(?\s*tidak\s+ada\s*\.?\s*\)?\.?$|^-$", re.IGNORECASE)


def find_unit_codes(text: str) -> list[str]:
    return [match.group(1) for match in UNIT_CODE.finditer(text)]


def unit_code(printed: str) -> str:
    return normalise_unit_code(printed)


@dataclass
class Item:
    number: str  # "3.1.2"; "" for an unnumbered line
    text: str

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1 if self.number else 0


def numbered_items(lines: list[str], words=frozenset()) -> list[Item]:
    """Lines as numbered items (``3.1.2 Konsep ...``), wrapped lines joined to the item they continue."""
    items: list[tuple[str, list[str]]] = []
    for raw in lines:
        line = strip_markup(raw.replace("\t", " "))
        if not line:
            continue
        match = _NUMBERED.match(line)
        if match:
            items.append((match.group(1), [match.group(2)]))
        elif items:
            items[-1][1].append(line)
        else:
            items.append(("", [line]))
    return [Item(number, join_lines(parts, words)) for number, parts in items]


def is_nothing(text: str) -> bool:
    """``(Tidak ada.)`` and the like: an empty section."""
    return bool(_NOTHING.match(text.strip()))


def split_at(lines: list[str], pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    return [(index, match) for index, line in enumerate(lines) if (match := pattern.match(line))]
