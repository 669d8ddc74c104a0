"""Text clean-up shared by every reader and parser: markup out, whitespace folded, line-end hyphens undone."""

import html
import re

_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")
_BULLETS = re.compile(r"(?:(?<=\s)|^)[•●▪■◦‣∙·✓✔☐☑□](?=\s|$)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:)\]])")
_SPACE_AFTER_OPENING = re.compile(r"([(\[])\s+")
_PUNCTUATION = re.compile(r"[,.;:)\]([]")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")

# Short prefixes that stay joined to the next word by a hyphen (e-mail, di-backup, re-install).
HYPHEN_PREFIXES = frozenset(
    {"e", "di", "ke", "re", "pra", "non", "sub", "pre", "co", "de", "pasca", "anti", "multi"}
)


_MARKUP_CHARS = re.compile(r"[<&*•●▪■◦‣∙·✓✔☐☑□]")


def strip_markup(text: str) -> str:
    """HTML tags and entities, markdown emphasis and list bullets out; whitespace folded to single spaces."""
    if not _MARKUP_CHARS.search(text):
        return fold_spaces(text)
    text = html.unescape(_TAG.sub(" ", text))
    text = _EMPHASIS.sub("", text)
    text = _BULLETS.sub(" ", text)
    return fold_spaces(text)


def fold_spaces(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()
    if not _PUNCTUATION.search(text):
        return text
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return _SPACE_AFTER_OPENING.sub(r"\1", text)


def vocabulary(text: str) -> set[str]:
    """Every word (and hyphenated word) of a document, lower case: evidence for undoing line-end hyphens."""
    words = set()
    for match in _WORD.finditer(text):
        word = match.group().lower()
        words.add(word)
        words.update(word.split("-"))
    return words


def join_lines(lines: list[str], words: set[str] | frozenset[str] = frozenset()) -> str:
    """Wrapped lines of one paragraph or table cell as one text.

    A hyphen at a line end is a soft hyphen (``mempertimbang-`` + ``kan``) unless the hyphenated word is a
    real one: a reduplication (``folder-folder``), a short prefix (``e-mail``), or a hyphenated form that
    stands elsewhere in the document while the joined form does not.
    """
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].isalpha():
            text = text[:-1] + ("-" if _keeps_hyphen(text[:-1], line, words) else "") + line
        else:
            text = f"{text} {line}" if text else line
    return fold_spaces(text)


def _keeps_hyphen(before: str, after: str, words) -> bool:
    left = re.search(r"[A-Za-z]+$", before)
    right = re.match(r"[A-Za-z]+", after)
    if not left or not right:
        return True
    left_word, right_word = left.group().lower(), right.group().lower()
    if left_word == right_word or left_word in HYPHEN_PREFIXES or right[0][0].isupper():
        return True
    joined, hyphenated = left_word + right_word, f"{left_word}-{right_word}"
    return bool(hyphenated in words and joined not in words)
