"""Reads about standards: units by title, what an import would change, how an LSP form differs from the SKKNI."""

import difflib
import itertools
import re
from dataclasses import dataclass, field

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


# --- what an import would change ---------------------------------------------------------------------

NEW, CHANGED, UNCHANGED, MISSING, EXTRA = "new", "changed", "unchanged", "missing", "extra"


@dataclass
class KukRow:
    no: str
    status: str
    text: str  # safe HTML: the words changed are marked


@dataclass
class ElementRow:
    no: str
    status: str
    title: str  # safe HTML
    kuk: list[KukRow] = field(default_factory=list)


@dataclass
class UnitRow:
    code: str | None
    title: str
    status: str
    elements: list[ElementRow] = field(default_factory=list)
    note: str = ""
    other_changes: list[str] = field(default_factory=list)
    stored: Unit | None = None


def _same(old: str, new: str) -> bool:
    return comparable(old) == comparable(new)


def _text_row(old: str | None, new: str | None) -> tuple[str, str]:
    if old is None:
        return NEW, escape(new)
    if new is None:
        return MISSING, escape(old)
    if old == new:
        return UNCHANGED, escape(new)
    return CHANGED, word_diff(old, new)


def compare_elements(stored: list[tuple], parsed: list[tuple], *, strict: bool = True) -> list[ElementRow]:
    """Element by element, KUK by KUK: ``(number, title, [(number, text)])`` of the stored and the parsed unit.

    ``strict`` compares texts exactly (an import); otherwise wording that differs only in case, punctuation
    or markup counts as the same (an LSP form against its SKKNI).
    """
    rows = []
    for old, new in _pair(stored, parsed):
        if old is None:
            rows.append(
                ElementRow(new[0], NEW, escape(new[1]), [KukRow(n, NEW, escape(t)) for n, t in new[2]])
            )
            continue
        if new is None:
            rows.append(
                ElementRow(
                    old[0], MISSING, escape(old[1]), [KukRow(n, MISSING, escape(t)) for n, t in old[2]]
                )
            )
            continue
        kuk_rows = []
        for old_kuk, new_kuk in _pair(old[2], new[2]):
            status, text = _text_row(old_kuk and old_kuk[1], new_kuk and new_kuk[1])
            if status == CHANGED and not strict and _same(old_kuk[1], new_kuk[1]):
                status, text = UNCHANGED, escape(new_kuk[1])
            kuk_rows.append(KukRow((new_kuk or old_kuk)[0], status, text))
        title_status, title = _text_row(old[1], new[1])
        if title_status == CHANGED and not strict and _same(old[1], new[1]):
            title_status, title = UNCHANGED, escape(new[1])
        changed = title_status != UNCHANGED or any(row.status != UNCHANGED for row in kuk_rows)
        rows.append(ElementRow(new[0], CHANGED if changed else UNCHANGED, title, kuk_rows))
    return rows


def _pair(stored: list[tuple], parsed: list[tuple]) -> list[tuple]:
    """Pairs by printed number where both sides number alike, else by position; the rest unpaired."""
    stored_numbers, parsed_numbers = [item[0] for item in stored], [item[0] for item in parsed]
    if len(set(stored_numbers)) == len(stored_numbers) and len(set(parsed_numbers)) == len(parsed_numbers):
        by_number = {item[0]: item for item in stored}
        pairs = [(by_number.get(item[0]), item) for item in parsed]
        paired = {item[0] for item in parsed}
        return pairs + [(item, None) for item in stored if item[0] not in paired]
    return list(itertools.zip_longest(stored, parsed))


def import_preview(document: dict) -> tuple[list[UnitRow], list[Unit]]:
    """For an SKKNI: each unit as new, changed (with the words that changed) or unchanged, and the units of
    the same standard in the database that the document no longer holds."""
    from kompeten.standards.services import stored_unit_content, unit_content

    rows = []
    parsed_units = document.get("units") or []
    stored = units_current_by_code([u["code"] for u in parsed_units if u.get("code")])
    for data in parsed_units:
        code = normalise_unit_code(data["code"]) if data.get("code") else None
        content = unit_content(data)
        unit = stored.get(code)
        if unit is None or not unit.elements.all():
            rows.append(UnitRow(code, content["title"], NEW, compare_elements([], content["elements"])))
            continue
        old = stored_unit_content(unit)
        if old == content:
            rows.append(
                UnitRow(
                    code,
                    content["title"],
                    UNCHANGED,
                    compare_elements(old["elements"], content["elements"]),
                    stored=unit,
                )
            )
            continue
        others = [name for name in old if name != "elements" and old[name] != content[name]]
        rows.append(
            UnitRow(
                code,
                content["title"],
                CHANGED,
                compare_elements(old["elements"], content["elements"]),
                other_changes=others,
                stored=unit,
            )
        )
    decree = document.get("decree") or {}
    missing = []
    if decree.get("number") and decree.get("year"):
        codes = {row.code for row in rows}
        missing = [
            unit
            for unit in Unit.objects.current()
            .filter(standard__number=decree["number"], standard__year=decree["year"], elements__isnull=False)
            .distinct()
            .order_by("code")
            if unit.code not in codes
        ]
    return rows, missing


def reconcile(document: dict) -> list[UnitRow]:
    """An LSP form (FR.APL.02 or a unit listing) against the SKKNI units in the database, unit by unit:
    which unit each one is (by code, else by title), and its missing, extra and differently worded
    elements and KUK."""
    from kompeten.standards.services import stored_unit_content, unit_content

    parsed_units = document.get("units") or []
    by_code = units_current_by_code([u["code"] for u in parsed_units if u.get("code")])
    candidates = None
    rows = []
    for data in parsed_units:
        content = unit_content(data)
        code = normalise_unit_code(data["code"]) if data.get("code") else None
        unit, note = by_code.get(code), "by_code"
        if unit is None and not code:
            if candidates is None:
                candidates = list(
                    Unit.objects.current().filter(is_provisional=False).only("id", "code", "title")
                )
            match = unit_by_title(content["title"], candidates)
            unit = with_content(Unit.objects.filter(pk=match.pk)).first() if match else None
            note = "by_title"
        if unit is None or not unit.elements.all():
            rows.append(
                UnitRow(
                    code, content["title"], EXTRA, compare_elements([], content["elements"]), note="not_found"
                )
            )
            continue
        old = stored_unit_content(unit)
        elements = compare_elements(old["elements"], content["elements"], strict=False)
        for element in elements:
            for kuk in element.kuk:
                kuk.status = {NEW: EXTRA}.get(kuk.status, kuk.status)
            element.status = {NEW: EXTRA}.get(element.status, element.status)
        status = UNCHANGED if all(e.status == UNCHANGED for e in elements) else CHANGED
        rows.append(UnitRow(unit.code, content["title"], status, elements, note=note, stored=unit))
    return rows
