"""Reads about standards: units by title, what an import would change, how an LSP form differs from the SKKNI."""

import difflib
import re

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kompeten.standards.models import Criterion, Element, Unit
from kompeten.standards.parsing.codes import normalise_unit_code
from kompeten.standards.parsing.text import strip_markup

TITLE_MATCH_RATIO = 0.9


def comparable(text: str | None) -> str:
    """Text as compared between documents: no markup, punctuation or case, single spaces."""
    text = strip_markup(text or "").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def with_content(units):
    return units.prefetch_related(
        Prefetch(
            "elements",
            queryset=Element.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
            ),
        ),
        "prerequisites",
    )


def units_current_by_code(codes: list[str]) -> dict[str, Unit]:
    units = with_content(Unit.objects.current().filter(code__in=[normalise_unit_code(c) for c in codes]))
    return {unit.code: unit for unit in units}


def unit_by_title(title: str, candidates: list[Unit] | None = None) -> Unit | None:
    """The current coded unit whose title matches (exactly when compared, else at least 90 % alike)."""
    wanted = comparable(title)
    if not wanted:
        return None
    if candidates is None:
        candidates = list(Unit.objects.current().filter(is_provisional=False).only("id", "code", "title"))
    exact = [unit for unit in candidates if comparable(unit.title) == wanted]
    if exact:
        return exact[0]
    scored = [
        (difflib.SequenceMatcher(None, wanted, comparable(unit.title)).ratio(), unit) for unit in candidates
    ]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= TITLE_MATCH_RATIO else None


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words removed from ``old`` struck through and the added ones marked."""
    before, after = (old or "").split(), (new or "").split()
    parts = []
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, before, after, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            parts.append(escape(" ".join(after[j1:j2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))
