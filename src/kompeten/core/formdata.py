"""Reading what forms post: numbers typed as text, and checklists of numbered items with their answers."""


def is_number(value) -> bool:
    """A whole number written in ASCII digits (``"²"`` and ``"٣"`` are digits to ``str.isdigit`` but not to ``int``)."""
    text = str(value)
    return text.isascii() and text.isdigit()


def same_name(a: str, b: str) -> bool:
    """Two names typed by people mean the same one: case and spacing aside, and neither empty."""
    return bool(a and b) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def numbered_rows(items, answers: dict | None) -> list[tuple]:
    """``(number, item, answer)`` for a checklist numbered from 1, its answers stored under ``str(number)``."""
    answers = answers or {}
    return [(number, item, answers.get(str(number)) or {}) for number, item in enumerate(items, 1)]
