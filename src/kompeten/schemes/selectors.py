from django.db.models import Count, Prefetch, Q, QuerySet

from kompeten.schemes.models import Scheme, SchemeEvidence, SchemeUnit
from kompeten.standards.models import Criterion, Element


def schemes_public_list(*, search: str = "") -> QuerySet[Scheme]:
    """Active schemes with their unit counts, for the landing page."""
    schemes = Scheme.objects.active().annotate(unit_count=Count("scheme_units"))
    if search:
        schemes = schemes.filter(Q(title__icontains=search) | Q(code__icontains=search))
    return schemes.order_by("title", "code")


def scheme_units_in_order(scheme: Scheme) -> list[SchemeUnit]:
    """The scheme's units with their elements and KUK, in a fixed number of queries."""
    return list(
        SchemeUnit.objects.filter(scheme=scheme)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "unit__elements",
                queryset=Element.objects.order_by("order").prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
                ),
            )
        )
        .order_by("order")
    )


def scheme_evidence_by_kind(scheme: Scheme) -> dict[str, list[SchemeEvidence]]:
    grouped: dict[str, list[SchemeEvidence]] = {}
    for evidence in scheme.evidence.order_by("kind", "order"):
        grouped.setdefault(evidence.kind, []).append(evidence)
    return grouped
