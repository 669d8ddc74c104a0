"""Word's automatic list numbering: the number Word prints before a paragraph that carries no typed number.

A paragraph is numbered by a ``w:numPr`` (its own or its style's): a numbering instance (``w:num``) and a
level. The instance points at an abstract definition (``w:abstractNum``) whose levels (``w:lvl``) give the
start value, the format (decimal, letters, roman) and the text (``%1.%2``); the instance may override the
start of a level. Counting follows the document order, as Word does: a level counts up at every paragraph
on it, and the levels below it start again. Bullets and unnumbered levels print no number here.
"""

from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LEVELS = 9
# A counter beyond this is printed in decimals: a crafted start value must not make a letter label of
# millions of characters.
_MAX_COUNTER = 100_000


def _val(element, name: str = "val") -> str | None:
    return None if element is None else element.get(_W + name)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    if number is None:
        return None
    return max(0, min(number, _MAX_COUNTER))


_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: restarts after this (1-based) level is used; 0 never
    legal: bool = False  # w:isLgl: every level shown in decimals
    suffix: str = "\t"  # w:suff: what follows the number (a tab unless a space or nothing)


@dataclass
class _Instance:
    levels: dict[int, _Level]
    counters_key: str
    counters: dict[int, int] = field(default_factory=dict)


def _levels(parent) -> dict[int, _Level]:
    levels = {}
    for lvl in parent.iterchildren(_W + "lvl"):
        index = _int(_val(lvl, "ilvl"))
        if index is None or index >= MAX_LEVELS:
            continue
        levels[index] = _Level(
            start=_int(_val(lvl.find(_W + "start")), 1),
            format=_val(lvl.find(_W + "numFmt")) or "decimal",
            text=_val(lvl.find(_W + "lvlText")),
            restart=_int(_val(lvl.find(_W + "lvlRestart"))),
            legal=lvl.find(_W + "isLgl") is not None and _val(lvl.find(_W + "isLgl")) not in ("0", "false"),
            suffix=_SUFFIXES.get(_val(lvl.find(_W + "suff")) or "tab", "\t"),
        )
    return levels


def _letters(number: int, upper: bool) -> str:
    if number <= 0:
        return ""
    letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)  # Word: y, z, aa, bb, ...
    return letter.upper() if upper else letter


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl")]
_ROMAN += [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(number: int, upper: bool) -> str:
    if number <= 0 or number >= 4000:
        return str(number)
    digits = []
    for value, symbol in _ROMAN:
        while number >= value:
            digits.append(symbol)
            number -= value
    text = "".join(digits)
    return text.upper() if upper else text


def format_number(number: int, number_format: str) -> str:
    if number_format in ("lowerLetter", "upperLetter") and number <= 780:
        return _letters(number, number_format == "upperLetter")
    if number_format in ("lowerRoman", "upperRoman"):
        return _roman(number, number_format == "upperRoman")
    if number_format == "decimalZero":
        return f"{number:02d}"
    return str(number)  # decimal, and the formats this reader does not spell out


class WordNumbering:
    """The printed numbers of a document's paragraphs, computed in document order."""

    def __init__(self, numbering_element, styles_element=None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, _Instance] = {}
        self.style_numbers: dict[str, tuple[str | None, int | None]] = {}
        self.shared_counters: dict[str, dict[int, int]] = {}
        if numbering_element is not None:
            self._read_numbering(numbering_element)
        if styles_element is not None:
            self._read_styles(styles_element)

    def _read_numbering(self, root) -> None:
        for abstract in root.iterchildren(_W + "abstractNum"):
            self.abstract[_val(abstract, "abstractNumId") or ""] = _levels(abstract)
        for num in root.iterchildren(_W + "num"):
            abstract_id = _val(num.find(_W + "abstractNumId")) or ""
            levels = {
                index: _Level(**vars(level)) for index, level in self.abstract.get(abstract_id, {}).items()
            }
            overridden = False
            for override in num.iterchildren(_W + "lvlOverride"):
                index = _int(_val(override, "ilvl"))
                if index is None or index >= MAX_LEVELS:
                    continue
                overridden = True
                replaced = _levels(override)
                if index in replaced:
                    levels[index] = replaced[index]
                start = override.find(_W + "startOverride")
                if start is not None:
                    levels.setdefault(index, _Level()).start = _int(_val(start), 1)
            # Instances of one definition continue one another's counting unless one restarts it.
            key = f"num:{_val(num, 'numId')}" if overridden else f"abstract:{abstract_id}"
            self.instances[_val(num, "numId") or ""] = _Instance(levels=levels, counters_key=key)

    def _read_styles(self, root) -> None:
        based_on, own = {}, {}
        for style in root.iterchildren(_W + "style"):
            style_id = _val(style, "styleId")
            if not style_id:
                continue
            based_on[style_id] = _val(style.find(_W + "basedOn"))
            properties = style.find(_W + "pPr")
            num_pr = properties.find(_W + "numPr") if properties is not None else None
            if num_pr is not None:
                own[style_id] = (_val(num_pr.find(_W + "numId")), _int(_val(num_pr.find(_W + "ilvl"))))
        for style_id in based_on:
            current, seen = style_id, set()
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own:
                self.style_numbers[style_id] = own[current]

    def _paragraph_number(self, paragraph) -> tuple[str | None, int]:
        properties = paragraph.find(_W + "pPr")
        if properties is None:
            return None, 0
        style_num, style_level = self.style_numbers.get(
            _val(properties.find(_W + "pStyle")) or "", (None, None)
        )
        num_pr = properties.find(_W + "numPr")
        num_id = _val(num_pr.find(_W + "numId")) if num_pr is not None else None
        level = _int(_val(num_pr.find(_W + "ilvl"))) if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        level = level if level is not None else (style_level or 0)
        return num_id, min(level, MAX_LEVELS - 1)

    def label(self, paragraph) -> tuple[str, str] | None:
        """The number Word prints before ``paragraph`` (a ``w:p``) and what follows it, counting it.

        None for a paragraph Word prints no number before.
        Call it once for every paragraph, in document order.
        """
        num_id, level = self._paragraph_number(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return None
        instance = self.instances[num_id]
        definition = instance.levels.get(level)
        if definition is None:
            return None
        counters = self.shared_counters.setdefault(instance.counters_key, {})
        counters[level] = counters[level] + 1 if level in counters else definition.start
        for deeper in range(level + 1, MAX_LEVELS):
            restart = instance.levels[deeper].restart if deeper in instance.levels else None
            if restart != 0 and (restart is None or restart - 1 >= level):
                counters.pop(deeper, None)
        if definition.format in ("bullet", "none") or not definition.text:
            return None
        text = definition.text
        for shown in range(MAX_LEVELS):
            placeholder = f"%{shown + 1}"
            if placeholder not in text:
                continue
            shown_level = instance.levels.get(shown, _Level())
            value = counters.get(shown, shown_level.start)
            number_format = "decimal" if definition.legal and shown < level else shown_level.format
            text = text.replace(
                placeholder, "" if number_format == "none" else format_number(value, number_format)
            )
        text = text.strip()
        return (text, definition.suffix) if text else None
