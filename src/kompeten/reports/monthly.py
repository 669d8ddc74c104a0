"""Reports for the LSP: applications, committee decisions (K / BK) and certificates, per month and per scheme.

Every figure comes from an aggregate query, so a report costs the same few queries for ten cases or a hundred
thousand. Months are the LSP's (settings.TIME_ZONE): a case opened at 01:00 WIB on 1 January counts in
January, although it is still 31 December in UTC.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.cases.models import Case
from kompeten.certificates.models import Certificate, CertificateStatus, Decision
from kompeten.schemes.models import Scheme, SchemeStatus

FIRST_YEAR = 2000

BAD_YEAR = _("The year must be a number from %(first)s to %(last)s; the report shows %(year)s.")
BAD_MONTHS = _(
    "The months must be numbers from 1 to 12, the first not after the last; the report shows the whole year."
)
UNKNOWN_SCHEME = _("There is no scheme with that number; the report shows all schemes.")


def _lsp_today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def last_year(today: datetime.date) -> int:
    """The latest year a report may show: next year's (schedules reach into it)."""
    return today.year + 1


@dataclass(frozen=True)
class Period:
    """A calendar year, or some of its months (``first_month`` to ``last_month``, both included)."""

    year: int
    first_month: int = 1
    last_month: int = 12

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        if self.last_month == 12:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, self.last_month + 1, 1)

    @property
    def months(self) -> list[datetime.date]:
        return [datetime.date(self.year, month, 1) for month in range(self.first_month, self.last_month + 1)]

    @property
    def whole_year(self) -> bool:
        return (self.first_month, self.last_month) == (1, 12)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end as aware datetimes at midnight in the LSP's time zone."""
        zone = timezone.get_default_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time.min, tzinfo=zone),
        )


@dataclass(frozen=True)
class ReportQuery:
    """What the report form asked for, made valid: a wrong value falls back to its default with a message."""

    period: Period
    scheme_code: str = ""
    errors: tuple[str, ...] = ()


def report_query(params, *, schemes, today: datetime.date | None = None) -> ReportQuery:
    """Read ``year``, ``month_from``, ``month_to`` and ``scheme`` from ``params`` (request.GET).

    ``schemes`` holds the scheme numbers one may choose. Blank means the default: the current year, all its
    months, all schemes."""
    from kompeten.reports.forms import ReportFilterForm

    today = today or _lsp_today()
    latest = last_year(today)
    form = ReportFilterForm(params, first_year=FIRST_YEAR, latest_year=latest, schemes=schemes)
    form.is_valid()
    data, errors = form.cleaned_data, []
    year = data.get("year") or today.year
    if "year" in form.errors:
        errors.append(BAD_YEAR % {"first": FIRST_YEAR, "last": latest, "year": year})
    first, last = data.get("month_from") or 1, data.get("month_to") or 12
    if "month_from" in form.errors or "month_to" in form.errors:
        errors.append(BAD_MONTHS)
        first, last = 1, 12
    code = data.get("scheme") or ""
    if "scheme" in form.errors:
        errors.append(UNKNOWN_SCHEME)
    return ReportQuery(
        period=Period(year, first, last), scheme_code=code, errors=tuple(str(e) for e in errors)
    )


def k_rate(competent: int, not_yet_competent: int) -> float | None:
    """The share of decisions that were competent (K), in percent with one decimal; None without decisions."""
    decided = competent + not_yet_competent
    return round(100 * competent / decided, 1) if decided else None


@dataclass
class Figures:
    """One row of the report: a month, a scheme or the total."""

    applications: int = 0
    competent: int = 0
    not_yet_competent: int = 0
    issued: int = 0

    @property
    def decided(self) -> int:
        return self.competent + self.not_yet_competent

    @property
    def k_rate(self) -> float | None:
        return k_rate(self.competent, self.not_yet_competent)


@dataclass
class MonthFigures(Figures):
    month: datetime.date = datetime.date.min


@dataclass
class SchemeFigures(Figures):
    """A scheme's figures in the period, and its certificates in force (and expiring soon) today."""

    code: str = ""
    title: str = ""
    active: int = 0
    expiring: int = 0


@dataclass
class Report:
    period: Period
    scheme_code: str
    today: datetime.date
    expiry_days: int
    months: list[MonthFigures] = field(default_factory=list)
    schemes: list[SchemeFigures] = field(default_factory=list)
    total: SchemeFigures = field(default_factory=SchemeFigures)
    computed_at: datetime.datetime | None = None


def scheme_titles() -> dict[str, str]:
    """Scheme number → title (of the active version, else of the latest), by title: one query."""
    best: dict[str, tuple[tuple[bool, int], str]] = {}
    rows = Scheme.objects.exclude(status=SchemeStatus.DRAFT).values_list("code", "title", "version", "status")
    for code, title, version, status in rows:
        rank = (status == SchemeStatus.ACTIVE, version)
        if code not in best or rank > best[code][0]:
            best[code] = (rank, title)
    return dict(
        sorted(((code, title) for code, (_, title) in best.items()), key=lambda i: (i[1].casefold(), i[0]))
    )


def _month(value) -> datetime.date:
    """The first day of a TruncMonth value: a date, or an aware datetime already in the LSP's time zone."""
    return datetime.date(value.year, value.month, 1)


def report(
    *,
    period: Period,
    scheme_code: str = "",
    today: datetime.date | None = None,
    titles: dict[str, str] | None = None,
) -> Report:
    """The figures of ``period`` (all schemes, or the one numbered ``scheme_code``): four queries, five when
    ``titles`` (from scheme_titles) is not given."""
    today = today or _lsp_today()
    titles = scheme_titles() if titles is None else titles
    expiry_days = settings.KOMPETEN_EXPIRY_REMINDER_DAYS
    horizon = today + datetime.timedelta(days=expiry_days)
    zone = timezone.get_default_timezone()
    start, end = period.moments()

    cases = Case.objects.filter(created_at__gte=start, created_at__lt=end)
    decisions = Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
    issued = Certificate.objects.filter(issued_on__gte=period.start, issued_on__lt=period.end)
    in_force = Certificate.objects.filter(status=CertificateStatus.ACTIVE, expires_on__gte=today)
    if scheme_code:
        cases = cases.filter(scheme_code=scheme_code)
        decisions = decisions.filter(case__scheme_code=scheme_code)
        issued = issued.filter(scheme_code=scheme_code)
        in_force = in_force.filter(scheme_code=scheme_code)

    months = {month: MonthFigures(month=month) for month in period.months}
    schemes: dict[str, SchemeFigures] = {}

    def scheme(code: str) -> SchemeFigures:
        if code not in schemes:
            schemes[code] = SchemeFigures(code=code, title=titles.get(code, ""))
        return schemes[code]

    for row in (
        cases.annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("scheme_code", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        months[_month(row["month"])].applications += row["n"]
        scheme(row["scheme_code"]).applications += row["n"]

    for row in (
        decisions.annotate(month=TruncMonth("decided_at", tzinfo=zone))
        .values("case__scheme_code", "month")
        .annotate(k=Count("id", filter=Q(competent=True)), bk=Count("id", filter=Q(competent=False)))
        .order_by()
    ):
        for figures in (months[_month(row["month"])], scheme(row["case__scheme_code"])):
            figures.competent += row["k"]
            figures.not_yet_competent += row["bk"]

    for row in (
        issued.annotate(month=TruncMonth("issued_on"))
        .values("scheme_code", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        months[_month(row["month"])].issued += row["n"]
        scheme(row["scheme_code"]).issued += row["n"]

    for row in (
        in_force.values("scheme_code")
        .annotate(
            n=Count("id"), expiring=Count("id", filter=Q(expires_on__lte=horizon)), title=Max("scheme_title")
        )
        .order_by()
    ):
        figures = scheme(row["scheme_code"])
        figures.active, figures.expiring = row["n"], row["expiring"]
        figures.title = figures.title or row["title"]  # an imported certificate's scheme may be unknown here

    if scheme_code:
        scheme(scheme_code)  # the chosen scheme has its row, even when it is all zeros
    rows = sorted(schemes.values(), key=lambda s: ((s.title or s.code).casefold(), s.code))
    total = SchemeFigures(
        applications=sum(s.applications for s in rows),
        competent=sum(s.competent for s in rows),
        not_yet_competent=sum(s.not_yet_competent for s in rows),
        issued=sum(s.issued for s in rows),
        active=sum(s.active for s in rows),
        expiring=sum(s.expiring for s in rows),
    )
    return Report(
        period=period,
        scheme_code=scheme_code,
        today=today,
        expiry_days=expiry_days,
        months=list(months.values()),
        schemes=rows,
        total=total,
        computed_at=timezone.now(),
    )


REPORT_SECONDS = 300


def report_recent(*, period: Period, scheme_code: str = "", titles: dict[str, str] | None = None) -> Report:
    """report() as computed at most REPORT_SECONDS ago (kept in the shared cache): over years of a large LSP
    its aggregates take tens of milliseconds, too much for every visit. ``computed_at`` tells the reader."""
    cache = caches["shared"]
    asked = f"{period.year}:{period.first_month}:{period.last_month}:{scheme_code}:{_lsp_today().isoformat()}"
    key = "kompeten:report:" + hashlib.sha256(asked.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = report(period=period, scheme_code=scheme_code, titles=titles)
        cache.set(key, found, REPORT_SECONDS)
    return found
