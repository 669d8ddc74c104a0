"""Writing standards, units, elements and KUK. Input is a document in the parser contract
(``docs/ARCHITECTURE.md``), as ``kompeten parse`` prints it.

Units are versioned: importing a unit whose content differs from the current version adds a new version
(schemes and cases keep the one they were built on); importing the same content again changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm
from kompeten.standards.models import VARIABLE_KEYS, Criterion, Element, Standard, Unit
from kompeten.standards.parsing.codes import normalise_unit_code

LIST_FIELDS = ("knowledge", "skills", "attitudes", "critical_aspects")


@dataclass
class ImportSummary:
    """What an import did to the units, by code: for the audit event and the confirmation message."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def unit_content(data: dict) -> dict:
    """A unit of a parsed document in the shape that ``stored_unit_content`` gives for a stored one."""
    variables = data.get("variables") or {}
    return {
        "title": data.get("title") or "",
        "description": data.get("description") or "",
        "elements": [
            (element["no"], element["title"], [(kuk["no"], kuk["text"]) for kuk in element.get("kuk") or []])
            for element in data.get("elements") or []
        ],
        "prerequisites": sorted(normalise_unit_code(code) for code in data.get("prerequisites") or []),
        **{name: list(data.get(name) or []) for name in LIST_FIELDS},
        "variables": {key: list(variables.get(key) or []) for key in VARIABLE_KEYS},
    }


def stored_unit_content(unit: Unit) -> dict:
    return {
        "title": unit.title,
        "description": unit.description,
        "elements": [
            (element.number, element.title, [(kuk.number, kuk.text) for kuk in element.criteria.all()])
            for element in unit.elements.all()
        ],
        "prerequisites": sorted(prerequisite.code for prerequisite in unit.prerequisites.all()),
        **{name: list(getattr(unit, name)) for name in LIST_FIELDS},
        "variables": {key: list((unit.variables or {}).get(key) or []) for key in VARIABLE_KEYS},
    }


def current_unit(code: str) -> Unit | None:
    return Unit.objects.current().filter(code=normalise_unit_code(code)).first()


def unit_ensure(*, code: str, title: str, standard: Standard | None = None) -> Unit:
    """The current version of the unit with this code, created with only its title when it is not known yet."""
    return current_unit(code) or Unit.objects.create(
        code=normalise_unit_code(code), code_printed=code, title=title, standard=standard
    )


def unit_write(data: dict, *, standard: Standard | None = None, code: str | None = None) -> tuple[Unit, str]:
    """Store one parsed unit: ``("new" | "changed" | "unchanged")`` says what happened.

    A unit that is only a placeholder (a title from a list, no elements, in no scheme) is filled in place;
    a unit with other content gets a new version.
    """
    code = code or (normalise_unit_code(data["code"]) if data.get("code") else None)
    if not code:
        raise DomainError(_("Unit “%(title)s” has no unit code.") % {"title": data.get("title", "")})
    content = unit_content(data)
    current = current_unit(code)
    if current is not None and stored_unit_content(current) == content:
        return current, "unchanged"
    if current is not None and _is_placeholder(current):
        unit, status = current, "new"
    else:
        unit = Unit(code=code, version=current.version + 1 if current else 1)
        status = "changed" if current else "new"
    unit.standard = standard or unit.standard or (current.standard if current else None)
    unit.code_printed = data.get("code_printed") or data.get("code") or code
    unit.title = content["title"]
    unit.description = content["description"]
    for name in LIST_FIELDS:
        setattr(unit, name, content[name])
    unit.variables = content["variables"]
    unit.full_clean(exclude=["standard"])
    unit.save()
    unit.elements.all().delete()
    _write_elements(unit, content["elements"])
    return unit, status


def _is_placeholder(unit: Unit) -> bool:
    from kompeten.schemes.models import SchemeUnit

    return not unit.elements.exists() and not SchemeUnit.objects.filter(unit=unit).exists()


def _write_elements(unit: Unit, elements: list[tuple]) -> None:
    criteria = []
    for element_order, (number, title, kuk) in enumerate(elements, start=1):
        element = Element.objects.create(unit=unit, number=number, title=title, order=element_order)
        criteria += [
            Criterion(element=element, number=kuk_number, text=text, order=kuk_order)
            for kuk_order, (kuk_number, text) in enumerate(kuk, start=1)
        ]
    Criterion.objects.bulk_create(criteria)


def standard_write(document: dict) -> tuple[Standard, ImportSummary]:
    """Create or update a standard and its units from a parsed SKKNI (no permission check, no audit)."""
    decree = document.get("decree") or {}
    if document.get("kind") != "skkni" or not decree.get("number") or not decree.get("year"):
        raise DomainError(_("This document is not an SKKNI decree with a number and a year."))
    if not 1945 <= decree["year"] <= timezone.localdate().year + 1 or not 0 < decree["number"] < 2**31:
        raise DomainError(
            _("The decree is read as No. %(number)s Year %(year)s, which cannot be right.")
            % {"number": decree["number"], "year": decree["year"]}
        )
    if not document.get("title"):
        raise DomainError(_("The decree's title (the line after TENTANG) could not be read."))
    standard, _created = Standard.objects.get_or_create(
        number=decree["number"], year=decree["year"], defaults={"title": document["title"]}
    )
    standard.title = document["title"]
    standard.enacted_on = datetime.date.fromisoformat(decree["enacted"]) if decree.get("enacted") else None
    standard.replaces = decree.get("replaces") or ""
    standard.full_clean()
    standard.save()
    for listed in document.get("unit_list") or []:
        if listed.get("code"):
            unit_ensure(code=listed["code"], title=listed["title"], standard=standard)
    summary = ImportSummary()
    written = []
    for data in document.get("units") or []:
        unit, status = unit_write(data, standard=standard)
        getattr(summary, status).append(unit.code)
        written.append((unit, data, status))
    for unit, data, status in written:
        if status != "unchanged":
            codes = [normalise_unit_code(code) for code in data.get("prerequisites") or []]
            unit.prerequisites.set([unit_ensure(code=code, title=code, standard=standard) for code in codes])
    return standard, summary


@transaction.atomic
def standard_import(*, actor, document: dict) -> Standard:
    """Create or update a standard and its units from a parsed SKKNI document."""
    require_perm(actor, "standards.add_standard")
    standard, summary = standard_write(document)
    audit_log(actor=actor, code="kompeten.standard.imported", obj=standard, data=summary.as_dict())
    return standard


def unit_create_provisional(data: dict) -> Unit:
    """A unit an LSP form names without a code, kept with the form's elements until someone resolves it."""
    content = unit_content(data)
    unit = Unit.objects.create(
        code=None,
        is_provisional=True,
        code_printed="",
        title=content["title"],
        description=content["description"],
    )
    _write_elements(unit, content["elements"])
    return unit


def unit_resolve(data: dict) -> tuple[Unit, str]:
    """The unit an LSP document (FR.APL.02, scheme, listing) means: by its code, else by its title.

    A code we do not know yet creates the unit from the document; a title we cannot match creates a
    provisional unit. The status says which: ``"known"``, ``"by_title"``, ``"new"`` or ``"provisional"``.
    """
    from kompeten.standards.selectors import unit_by_title

    if data.get("code"):
        known = current_unit(data["code"])
        if known is not None and not _is_placeholder(known):
            return known, "known"
        if data.get("elements") or known is None:
            unit, _status = unit_write(data)
            return unit, "new"
        return known, "known"
    matched = unit_by_title(data.get("title") or "")
    if matched is not None:
        return matched, "by_title"
    return unit_create_provisional(data), "provisional"


def units_from_listing(document: dict) -> ImportSummary:
    """A unit listing adds the units nobody knew yet; known units stay as the SKKNI has them."""
    summary = ImportSummary()
    for data in document.get("units") or []:
        unit, status = unit_resolve(data)
        (summary.new if status in ("new", "provisional") else summary.unchanged).append(
            unit.code or unit.title
        )
    return summary
