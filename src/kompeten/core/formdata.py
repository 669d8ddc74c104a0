"""Reading what forms post: numbers typed as text, checklists of numbered items with their answers, and
uploads larger than their limit."""

from django.utils.translation import gettext as _


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


def too_large_message(size: int, limit_mb: int) -> str:
    """The same words wherever an uploaded file is over its limit."""
    return _("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
        "size": round(size / 1024 / 1024, 1),
        "limit": limit_mb,
    }
