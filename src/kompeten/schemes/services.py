from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm
from kompeten.core.transitions import Transition, transition_apply
from kompeten.schemes.models import (
    EvidenceKind,
    Scheme,
    SchemeEvidence,
    SchemeKind,
    SchemeMethod,
    SchemeRequirement,
    SchemeStatus,
    SchemeUnit,
)
from kompeten.standards.models import Unit
from kompeten.standards.services import ImportSummary, current_unit, unit_resolve

SCHEME_ACTIVATE = Transition(
    name="activate",
    sources=frozenset({SchemeStatus.DRAFT}),
    target=SchemeStatus.ACTIVE,
    event="kompeten.scheme.activated",
    refused=gettext_lazy("Only a draft scheme can be activated."),
)
SCHEME_RETIRE = Transition(
    name="retire",
    sources=frozenset({SchemeStatus.ACTIVE}),
    target=SchemeStatus.RETIRED,
    event="kompeten.scheme.retired",
    refused=gettext_lazy("Only an active scheme can be retired."),
)

SCHEME_HAS_NO_UNITS = gettext_lazy("A scheme without units cannot be activated.")
SCHEME_HAS_PROVISIONAL_UNITS = gettext_lazy(
    "This scheme still holds provisional units (named without a code and not matched to a known unit); "
    "resolve them before activating it."
)


@transaction.atomic
def scheme_create(*, actor, **fields) -> Scheme:
    """A new scheme (version) in draft, with its units, requirements, evidence and methods in order."""
    require_perm(actor, "schemes.add_scheme")
    scheme = scheme_write(**fields)
    audit_log(actor=actor, code="kompeten.scheme.created", obj=scheme, data={"version": scheme.version})
    return scheme


def scheme_write(
    *,
    code: str,
    title: str,
    kind: str,
    units: Iterable[Unit] = (),
    kkni_level: int | None = None,
    version: int = 1,
    description: str = "",
    requirements: Iterable[str] = (),
    basic_evidence: Iterable[str] = (),
    admin_evidence: Iterable[str] = (),
    methods: Iterable[dict] = (),
    validity_years: int = 3,
    rights: Iterable[str] = (),
    obligations: Iterable[str] = (),
    fee: Decimal | None = None,
    fee_note: str = "",
) -> Scheme:
    """Store a draft scheme and its parts (no permission check, no audit: callers do both)."""
    scheme = Scheme(
        code=code.strip(),
        version=version,
        title=title.strip(),
        kind=kind,
        kkni_level=kkni_level,
        description=description,
        validity_years=validity_years,
        rights=list(rights),
        obligations=list(obligations),
        fee=fee,
        fee_note=fee_note,
    )
    scheme.full_clean()
    scheme.save()
    SchemeUnit.objects.bulk_create(
        SchemeUnit(scheme=scheme, unit=unit, order=order) for order, unit in enumerate(units, start=1)
    )
    SchemeRequirement.objects.bulk_create(
        SchemeRequirement(scheme=scheme, text=text, order=order)
        for order, text in enumerate(requirements, start=1)
    )
    SchemeEvidence.objects.bulk_create(
        [
            *(
                SchemeEvidence(scheme=scheme, kind=EvidenceKind.BASIC, text=text, order=order)
                for order, text in enumerate(basic_evidence, start=1)
            ),
            *(
                SchemeEvidence(scheme=scheme, kind=EvidenceKind.ADMINISTRATIVE, text=text, order=order)
                for order, text in enumerate(admin_evidence, start=1)
            ),
        ]
    )
    SchemeMethod.objects.bulk_create(
        SchemeMethod(scheme=scheme, candidates=item["candidates"], methods=list(item["methods"]), order=order)
        for order, item in enumerate(methods, start=1)
    )
    return scheme


@transaction.atomic
def scheme_activate(*, actor, scheme: Scheme) -> Scheme:
    """Open the scheme to applicants; the version active before it (same code) is retired."""
    require_perm(actor, "schemes.activate_scheme", scheme)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.DRAFT:
        raise DomainError(SCHEME_ACTIVATE.refused)
    if not scheme.scheme_units.exists():
        raise DomainError(SCHEME_HAS_NO_UNITS)
    if scheme.scheme_units.filter(unit__is_provisional=True).exists():
        raise DomainError(SCHEME_HAS_PROVISIONAL_UNITS)
    for previous in Scheme.objects.select_for_update().filter(code=scheme.code, status=SchemeStatus.ACTIVE):
        transition_apply(obj=previous, transition=SCHEME_RETIRE, actor=actor, data={"replaced_by": scheme.pk})
    transition_apply(obj=scheme, transition=SCHEME_ACTIVATE, actor=actor, data={"version": scheme.version})
    return scheme


@transaction.atomic
def scheme_retire(*, actor, scheme: Scheme) -> Scheme:
    require_perm(actor, "schemes.retire_scheme", scheme)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    transition_apply(obj=scheme, transition=SCHEME_RETIRE, actor=actor)
    return scheme


SCHEME_KINDS_BY_NAME = {"kkni": SchemeKind.KKNI, "okupasi": SchemeKind.OKUPASI, "klaster": SchemeKind.KLASTER}


def scheme_draft_from_document(document: dict, *, fallback_title: str) -> tuple[Scheme, ImportSummary]:
    """A draft scheme (a new version when the code exists) built from an FR.APL.02 or a scheme document.

    Its units are resolved by code, else by title; a unit that cannot be resolved is kept as a provisional
    unit, which blocks activation until someone resolves it. No permission check and no audit event: the
    import confirmation that calls this does both.
    """
    facts = document.get("scheme") or {}
    summary = ImportSummary()
    units = []
    for data in document.get("units") or []:
        unit, status = unit_resolve(data)
        if unit not in units:
            units.append(unit)
        (summary.new if status in ("new", "provisional") else summary.unchanged).append(
            unit.code or unit.title
        )
    code = (facts.get("code") or "").strip() or f"IMPOR/{timezone.localdate():%Y%m%d}/{fallback_title[:40]}"
    previous = Scheme.objects.filter(code=code).order_by("-version").first()
    kind = SCHEME_KINDS_BY_NAME.get((facts.get("kind") or "").lower(), SchemeKind.OKUPASI)
    scheme = scheme_write(
        code=code,
        version=previous.version + 1 if previous else 1,
        title=(facts.get("title") or fallback_title)[:300],
        kind=SchemeKind.OKUPASI if kind == SchemeKind.KKNI else kind,  # the KKNI level is set by hand
        units=units,
        requirements=facts.get("requirements") or [],
        basic_evidence=facts.get("basic_evidence") or [],
        admin_evidence=facts.get("admin_evidence") or [],
        methods=[item for item in facts.get("methods") or [] if item.get("candidates")],
        validity_years=facts.get("validity_years") or 3,
        rights=facts.get("rights") or [],
        obligations=facts.get("obligations") or [],
        fee_note=(facts.get("fee") or "")[:300],
    )
    return scheme, summary


SCHEME_NOT_DRAFT = gettext_lazy("Only a draft scheme can be changed; create a new version instead.")
UNIT_NOT_PROVISIONAL = gettext_lazy("This unit is not a provisional unit of the scheme.")
UNIT_CODE_UNKNOWN = gettext_lazy("No unit with code %(code)s is known; import its standard first.")
UNIT_ALREADY_IN_SCHEME = gettext_lazy("Unit %(code)s is already in this scheme.")


@transaction.atomic
def scheme_unit_resolve(*, actor, scheme: Scheme, provisional: Unit, code: str) -> SchemeUnit:
    """Put the known unit with ``code`` in the place of a provisional unit of a draft scheme."""
    require_perm(actor, "schemes.change_scheme", scheme)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.DRAFT:
        raise DomainError(SCHEME_NOT_DRAFT)
    scheme_unit = scheme.scheme_units.filter(unit=provisional, unit__is_provisional=True).first()
    if scheme_unit is None:
        raise DomainError(UNIT_NOT_PROVISIONAL)
    unit = current_unit(code) if code.strip() else None
    if unit is None:
        raise DomainError(UNIT_CODE_UNKNOWN % {"code": code.strip() or "—"})
    if scheme.scheme_units.filter(unit__code=unit.code).exists():
        raise DomainError(UNIT_ALREADY_IN_SCHEME % {"code": unit.code})
    scheme_unit.unit = unit
    scheme_unit.save(update_fields=["unit"])
    audit_log(
        actor=actor,
        code="kompeten.scheme.unit_resolved",
        obj=scheme,
        data={"provisional": provisional.pk, "title": provisional.title, "unit": unit.code},
    )
    return scheme_unit
