"""Writing standards, units, elements and KUK. Input is a document in the parser contract
(``docs/ARCHITECTURE.md``), as ``kompeten parse`` prints it."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm
from kompeten.standards.models import VARIABLE_KEYS, Criterion, Element, Standard, Unit
from kompeten.standards.parsing.codes import normalise_unit_code


def unit_ensure(*, code: str, title: str, standard: Standard | None = None) -> Unit:
    """The unit with this code, created with only its title when it is not known yet."""
    unit, _created = Unit.objects.get_or_create(
        code=normalise_unit_code(code), defaults={"title": title, "code_printed": code, "standard": standard}
    )
    return unit


def _unit_write(data: dict, standard: Standard | None) -> Unit:
    if not data.get("code"):
        raise DomainError(_("Unit “%(title)s” has no unit code.") % {"title": data.get("title", "")})
    code = normalise_unit_code(data["code"])
    unit = Unit.objects.filter(code=code).first() or Unit(code=code)
    unit.standard = standard or unit.standard
    unit.code_printed = data.get("code_printed") or data["code"]
    unit.title = data["title"]
    unit.description = data.get("description") or ""
    unit.knowledge = list(data.get("knowledge") or [])
    unit.skills = list(data.get("skills") or [])
    unit.attitudes = list(data.get("attitudes") or [])
    unit.critical_aspects = list(data.get("critical_aspects") or [])
    variables = data.get("variables") or {}
    unit.variables = {key: list(variables.get(key) or []) for key in VARIABLE_KEYS}
    unit.full_clean(exclude=["standard"])
    unit.save()
    unit.elements.all().delete()
    criteria = []
    for element_order, element_data in enumerate(data.get("elements") or [], start=1):
        element = Element.objects.create(
            unit=unit, number=element_data["no"], title=element_data["title"], order=element_order
        )
        criteria += [
            Criterion(element=element, number=kuk["no"], text=kuk["text"], order=kuk_order)
            for kuk_order, kuk in enumerate(element_data.get("kuk") or [], start=1)
        ]
    Criterion.objects.bulk_create(criteria)
    return unit


@transaction.atomic
def standard_import(*, actor, document: dict) -> Standard:
    """Create or update a standard and its units from a parsed SKKNI document."""
    require_perm(actor, "standards.add_standard")
    decree = document.get("decree") or {}
    if document.get("kind") != "skkni" or not decree.get("number") or not decree.get("year"):
        raise DomainError(_("This document is not an SKKNI decree with a number and a year."))
    standard, created = Standard.objects.get_or_create(
        number=decree["number"], year=decree["year"], defaults={"title": document.get("title") or ""}
    )
    standard.title = document.get("title") or standard.title
    standard.enacted_on = datetime.date.fromisoformat(decree["enacted"]) if decree.get("enacted") else None
    standard.replaces = decree.get("replaces") or ""
    standard.full_clean()
    standard.save()
    for listed in document.get("unit_list") or []:
        if listed.get("code"):
            unit_ensure(code=listed["code"], title=listed["title"], standard=standard)
    units = [_unit_write(unit_data, standard) for unit_data in document.get("units") or []]
    for unit, unit_data in zip(units, document.get("units") or [], strict=True):
        codes = [normalise_unit_code(code) for code in unit_data.get("prerequisites") or []]
        unit.prerequisites.set(Unit.objects.filter(code__in=codes))
    audit_log(
        actor=actor,
        code="kompeten.standard.imported",
        obj=standard,
        data={"created": created, "units": [unit.code for unit in units]},
    )
    return standard
