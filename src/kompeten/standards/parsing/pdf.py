"""PDF pages as words with their positions, read through PDFium's character boxes (``pypdfium2``).

PDFium gives every character of a page with its box in a fraction of the time pdfminer needs. Words are
rebuilt from the boxes the way the rest of the parser expects them (``{"text", "x0", "x1", "top"}``, top
measured down from the top of the page): characters are grouped into lines by their top (within
``Y_TOLERANCE`` of the line's previous top), sorted left to right, and a word ends at a space, at a gap
wider than ``X_TOLERANCE``, or at a smaller visible gap that the word's own letters do not show: PDFium drops
a space that overlaps its neighbour, and ``1.1.Disusun`` or ``jabatanditetapkan`` would otherwise stick
together. A number meets the word after it at ``NUMBER_GAP``; a tightly set word (every gap so far under
``TIGHT_GAP``) ends at ``LOOSE_GAP``; letter-spaced words, whose letters all stand apart, stay whole.

A character's top is the top of its em square above the font's descent, as pdfminer measured it, so that
lines group the same way for fonts with tall ascenders. Spaces PDFium generates itself are ignored: word
boundaries come from the positions only.
"""

import ctypes

from kompeten.standards.parsing.errors import UnsupportedDocument

X_TOLERANCE = 1.5
Y_TOLERANCE = 3
NUMBER_GAP = 0.5  # the gap that separates a printed number from the word after it
TIGHT_GAP = 0.3  # letters closer than this are set tight: a gap of
LOOSE_GAP = 1.0  # more than this after them is a word break
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬅ": "st", "ﬆ": "st"}
_SPACES = frozenset({0x20, 0xA0, 0x2028, 0x2029, 0x3000, *range(0x2000, 0x200C)})


def open_pdf(data: bytes):
    """The PDFium document, or ``UnsupportedDocument`` saying why it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower() or getattr(error, "err_code", None) == 4:
            raise UnsupportedDocument(
                "PDF ini terkunci dengan kata sandi; unggah PDF tanpa kata sandi."
            ) from error
        raise UnsupportedDocument("PDF ini rusak atau terpotong dan tidak dapat dibaca.") from error


def page_words(page) -> list[dict]:
    """The words of one page, line by line from the top, each line left to right."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        chars = _chars(pdfium_c, textpage.raw, page.get_height())
    finally:
        textpage.close()
    return _words(chars)


def _page_text(pdfium_c, raw, count: int) -> str | None:
    """Every character of the page in one call, one per index; None when that does not hold (non-BMP)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count and "\ufffd" not in text else None


def _chars(pdfium_c, raw, height: float) -> list[tuple[float, float, float, str | None]]:
    """(top, x0, x1, text) of every character drawn on the page; text None for a space."""
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    text = _page_text(pdfium_c, raw, count)
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    unicode_of = pdfium_c.FPDFText_GetUnicode
    box_of = pdfium_c.FPDFText_GetLooseCharBox
    size_of = pdfium_c.FPDFText_GetFontSize
    generated = pdfium_c.FPDFText_IsGenerated
    ligatures, spaces = _LIGATURES, _SPACES
    chars = []
    append = chars.append
    for index in range(count):
        character = text[index] if text is not None else chr(unicode_of(raw, index))
        code = ord(character)
        if code == 2 or code == 0xFFFE:  # a hyphen PDFium recognised at a line end (0xFFFE in its text)
            character = "-"
        elif code <= 32 or code in spaces:
            if (code != 32 and code not in spaces) or generated(raw, index):
                continue
            character = None
        elif 0xE000 <= code <= 0xF8FF:
            continue  # a symbol font's private glyph (the bullet U+F0B7): no text
        elif character in ligatures:
            character = ligatures[character]
        box_of(raw, index, ref)
        append((height - rect.bottom - size_of(raw, index), rect.left, rect.right, character))
    return chars


def _words(chars: list[tuple[float, float, float, str | None]]) -> list[dict]:
    line_of: dict[float, int] = {}
    previous = None
    line = -1
    for top in sorted({char[0] for char in chars}):
        if previous is None or top > previous + Y_TOLERANCE:
            line += 1
        line_of[top] = line
        previous = top
    lines: dict[int, list] = {}
    for char in chars:
        lines.setdefault(line_of[char[0]], []).append(char)
    words: list[dict] = []
    append = words.append
    for number in sorted(lines):
        parts: list[str] = []
        x0 = x1 = word_top = 0.0
        last_top = last_x0 = last_right = 0.0
        last_text = ""
        widest = 0.0  # the widest gap between the letters of the current word
        for top, left, right, text in sorted(lines[number], key=_left):
            if parts:
                gap = left - last_right
                if text is None or _breaks(
                    gap, left, last_x0, top, last_top, last_text, text, len(parts), widest
                ):
                    append({"text": "".join(parts), "x0": x0, "x1": x1, "top": word_top})
                    parts = []
                elif gap > widest:
                    widest = gap
            if text is None:
                continue
            if not parts:
                x0, x1, word_top, widest = left, right, top, 0.0
            else:
                x1 = right if right > x1 else x1
                word_top = top if top < word_top else word_top
            parts.append(text)
            last_top, last_x0, last_right, last_text = top, left, right, text
        if parts:
            append({"text": "".join(parts), "x0": x0, "x1": x1, "top": word_top})
    return words


def _left(char) -> float:
    return char[1]


def _breaks(gap, left, last_x0, top, last_top, last_text, text, length, widest) -> bool:
    """Whether ``text`` at ``left`` begins a new word after the ``length`` letters before it."""
    if left < last_x0 or gap > X_TOLERANCE or abs(top - last_top) > Y_TOLERANCE:
        return True
    if gap > NUMBER_GAP and (last_text.isdigit() or last_text == ".") and text.isalpha():
        return True
    return gap > LOOSE_GAP and length >= 2 and widest < TIGHT_GAP
