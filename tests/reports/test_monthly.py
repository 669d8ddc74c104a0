"""Reports per scheme and period: applications, K / BK decisions, certificates issued, in force and expiring;
months in the LSP's time zone, a fixed number of queries, and a page for the LSP and the committee only."""

import datetime
import itertools
import zoneinfo

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates.models import Certificate, CertificateStatus, Decision
from kompeten.reports import monthly
from kompeten.reports.monthly import Period
from kompeten.schemes.models import SchemeStatus
from tests.factories import SchemeFactory, UserFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2025, 6, 15)
numbers = itertools.count(1)


def at(year, month, day, hour=10, tz=WIB) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=tz)


def case(scheme, created_at) -> Case:
    n = next(numbers)
    return Case.objects.create(
        reference=f"APL-LAP-{n:05d}",
        asesi=UserFactory(verified_email=False),
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.SUBMITTED,
        created_at=created_at,
    )


def decide(case, competent: bool, decided_at, by) -> Decision:
    return Decision.objects.create(case=case, competent=competent, decided_by=by, decided_at=decided_at)


def certificate(*, code, title, issued_on, expires_on, by, case=None, status=CertificateStatus.ACTIVE):
    n = next(numbers)
    return Certificate.objects.create(
        case=case,
        imported=case is None,
        number=f"LAP/{n:05d}",
        registration_number=f"REG-LAP-{n:05d}",
        sequence_key="LAP" if case else "",
        sequence=n if case else None,
        holder_name=f"Pemegang {n}",
        scheme_code=code,
        scheme_title=title,
        issued_on=issued_on,
        expires_on=expires_on,
        status=status,
        issued_by=by,
    )


@pytest.fixture
def schemes(db):
    SchemeFactory(code="SKM/A", version=1, title="Skema A versi lama", status=SchemeStatus.RETIRED)
    a = SchemeFactory(code="SKM/A", version=2, title="Skema A", status=SchemeStatus.ACTIVE)
    b = SchemeFactory(code="SKM/B", title="Skema B", status=SchemeStatus.ACTIVE)
    SchemeFactory(code="SKM/DRAFT", title="Skema Rancangan", status=SchemeStatus.DRAFT)
    return a, b


@pytest.fixture
def dataset(schemes, cast, settings):
    """2025 as the LSP saw it, with today 15 June 2025."""
    settings.KOMPETEN_EXPIRY_REMINDER_DAYS = 90
    a, b = schemes
    by, komite = cast.admin_lsp, cast.komite
    a_january = case(a, at(2025, 1, 10))
    a_february = case(a, datetime.datetime(2025, 1, 31, 20, tzinfo=datetime.UTC))  # 1 Feb 03:00 WIB
    a_new_year = case(a, datetime.datetime(2024, 12, 31, 18, tzinfo=datetime.UTC))  # 1 Jan 01:00 WIB
    a_last_year = case(a, datetime.datetime(2024, 12, 31, 16, tzinfo=datetime.UTC))  # 31 Dec 23:00 WIB
    b_march = case(b, at(2025, 3, 5))
    case(b, at(2026, 1, 1))
    decide(a_january, True, at(2025, 3, 10), komite)
    decide(a_february, False, at(2025, 3, 20), komite)
    decide(a_new_year, True, at(2025, 4, 1), komite)
    decide(b_march, True, at(2025, 4, 2), komite)
    decide(a_last_year, False, at(2024, 12, 31, 22), komite)
    d = datetime.date
    certificate(code="SKM/A", title="Skema A", issued_on=d(2025, 4, 5), expires_on=d(2028, 4, 5), by=by)
    certificate(code="SKM/B", title="Skema B", issued_on=d(2025, 4, 6), expires_on=d(2028, 4, 6), by=by)
    certificate(code="SKM/A", title="Skema A", issued_on=d(2022, 9, 13), expires_on=d(2025, 9, 13), by=by)
    certificate(code="SKM/A", title="Skema A", issued_on=d(2022, 9, 14), expires_on=d(2025, 9, 14), by=by)
    certificate(code="SKM/A", title="Skema A", issued_on=d(2022, 1, 1), expires_on=d(2025, 1, 1), by=by)
    certificate(
        code="SKM/A",
        title="Skema A",
        issued_on=d(2024, 5, 1),
        expires_on=d(2027, 5, 1),
        by=by,
        status=CertificateStatus.SUSPENDED,
    )
    certificate(code="SKM/LAMA", title="Skema Lama", issued_on=d(2022, 7, 1), expires_on=d(2025, 7, 1), by=by)
    return a, b


def rows_by_code(report) -> dict:
    return {row.code: row for row in report.schemes}


def test_it_counts_each_month_of_the_year_in_the_lsps_time_zone(dataset):
    report = monthly.report(period=Period(2025), today=TODAY)
    months = {row.month.month: row for row in report.months}
    assert len(report.months) == 12 and report.months[0].month == datetime.date(2025, 1, 1)
    assert [months[m].applications for m in range(1, 13)] == [2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert (months[3].competent, months[3].not_yet_competent, months[3].k_rate) == (1, 1, 50.0)
    assert (months[4].competent, months[4].not_yet_competent, months[4].k_rate) == (2, 0, 100.0)
    assert months[1].k_rate is None
    assert [months[m].issued for m in range(1, 13)] == [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]


def test_it_gives_a_row_per_scheme_with_certificates_in_force_and_expiring_today(dataset):
    report = monthly.report(period=Period(2025), today=TODAY)
    rows = rows_by_code(report)
    assert [row.code for row in report.schemes] == ["SKM/A", "SKM/B", "SKM/LAMA"]
    a, b, old = rows["SKM/A"], rows["SKM/B"], rows["SKM/LAMA"]
    assert (a.title, a.applications, a.competent, a.not_yet_competent, a.k_rate) == ("Skema A", 3, 2, 1, 66.7)
    assert (a.issued, a.active, a.expiring) == (1, 3, 1)  # expiring: 13 Sep is day 90, 14 Sep is not
    assert (b.applications, b.competent, b.not_yet_competent, b.k_rate, b.active, b.expiring) == (
        1,
        1,
        0,
        100.0,
        1,
        0,
    )
    assert (old.title, old.applications, old.k_rate, old.active, old.expiring) == (
        "Skema Lama",
        0,
        None,
        1,
        1,
    )
    total = report.total
    assert (total.applications, total.competent, total.not_yet_competent, total.k_rate) == (4, 3, 1, 75.0)
    assert (total.issued, total.active, total.expiring) == (2, 5, 2)
    assert report.expiry_days == 90


def test_the_expiry_window_follows_the_setting(dataset, settings):
    settings.KOMPETEN_EXPIRY_REMINDER_DAYS = 30
    report = monthly.report(period=Period(2025), today=TODAY)
    assert (report.total.active, report.total.expiring, report.expiry_days) == (5, 1, 30)


def test_it_counts_only_the_chosen_months(dataset):
    report = monthly.report(period=Period(2025, 1, 2), today=TODAY)
    assert [row.month for row in report.months] == [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)]
    assert (report.total.applications, report.total.decided, report.total.issued) == (3, 0, 0)
    assert report.total.k_rate is None and rows_by_code(report)["SKM/A"].k_rate is None
    march = monthly.report(period=Period(2025, 3, 3), today=TODAY)
    assert (march.total.applications, march.total.competent, march.total.not_yet_competent) == (1, 1, 1)


def test_the_year_before_keeps_its_own_new_years_eve(dataset):
    report = monthly.report(period=Period(2024), today=TODAY)
    december = report.months[-1]
    assert (december.applications, december.not_yet_competent, report.total.applications) == (1, 1, 1)


def test_it_counts_only_the_chosen_scheme(dataset):
    report = monthly.report(period=Period(2025), scheme_code="SKM/B", today=TODAY)
    assert [row.code for row in report.schemes] == ["SKM/B"]
    total = report.total
    assert (total.applications, total.competent, total.not_yet_competent, total.issued) == (1, 1, 0, 1)
    assert (total.active, total.expiring) == (1, 0)
    assert sum(row.applications for row in report.months) == 1


def test_a_chosen_scheme_without_figures_still_has_its_row(schemes):
    report = monthly.report(period=Period(2025), scheme_code="SKM/B", today=TODAY)
    assert [(row.code, row.title, row.applications, row.k_rate) for row in report.schemes] == [
        ("SKM/B", "Skema B", 0, None)
    ]


def test_the_k_rate_without_decisions_is_none_not_zero(db):
    assert monthly.k_rate(0, 0) is None
    assert monthly.k_rate(0, 3) == 0.0 and monthly.k_rate(2, 1) == 66.7
    report = monthly.report(period=Period(2025), today=TODAY)
    assert report.schemes == [] and report.total.k_rate is None
    assert all(row.k_rate is None and row.applications == 0 for row in report.months)


def test_scheme_titles_are_of_the_active_version_and_leave_drafts_out(schemes):
    assert monthly.scheme_titles() == {"SKM/A": "Skema A", "SKM/B": "Skema B"}


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data(dataset, cast):
    def run():
        return monthly.report(period=Period(2025), today=TODAY)

    before = queries(run)
    c = SchemeFactory(code="SKM/C", title="Skema C", status=SchemeStatus.ACTIVE)
    for month in range(1, 13):
        for _ in range(2):
            created = case(c, at(2025, month, 3))
            decide(created, month % 2 == 0, at(2025, month, 20), cast.komite)
        certificate(
            code="SKM/C",
            title="Skema C",
            issued_on=datetime.date(2025, month, 21),
            expires_on=datetime.date(2028, month, 21),
            by=cast.admin_lsp,
        )
    assert queries(run) == before == 5
    report = run()
    assert rows_by_code(report)["SKM/C"].applications == 24 and report.total.issued == 14
    assert queries(lambda: monthly.report(period=Period(2025), titles={}, today=TODAY)) == 4


# --- the form ------------------------------------------------------------------------------------------------

TITLES = {"SKM/A": "Skema A", "SKM/B": "Skema B"}


def test_a_blank_form_asks_for_the_current_year_and_all_schemes():
    assert monthly.report_query({}, schemes=TITLES, today=TODAY) == monthly.ReportQuery(Period(2025))


def test_a_valid_form_is_taken_as_asked():
    query = monthly.report_query(
        {"year": " 2024 ", "month_from": "3", "month_to": "5", "scheme": "SKM/B"}, schemes=TITLES, today=TODAY
    )
    assert query == monthly.ReportQuery(Period(2024, 3, 5), "SKM/B")
    only_from = monthly.report_query({"month_from": "11", "month_to": ""}, schemes=TITLES, today=TODAY)
    assert only_from.period == Period(2025, 11, 12) and only_from.errors == ()


@pytest.mark.parametrize("year", ["abc", "1999", "2027", "-2025", "2025.0", "²⁰²⁵", "9" * 5000])
def test_a_wrong_year_falls_back_to_the_current_one_with_a_message(year):
    query = monthly.report_query({"year": year}, schemes=TITLES, today=TODAY)
    assert query.period == Period(2025)
    assert query.errors == (str(monthly.BAD_YEAR % {"first": 2000, "last": 2026, "year": 2025}),)


@pytest.mark.parametrize(("first", "last"), [("0", "5"), ("1", "13"), ("6", "3"), ("x", "2"), ("٣", "4")])
def test_wrong_months_fall_back_to_the_whole_year_with_a_message(first, last):
    query = monthly.report_query({"month_from": first, "month_to": last}, schemes=TITLES, today=TODAY)
    assert query.period == Period(2025) and query.errors == (str(monthly.BAD_MONTHS),)


def test_an_unknown_scheme_falls_back_to_all_schemes_with_a_message():
    query = monthly.report_query({"scheme": "SKM/DRAFT"}, schemes=TITLES, today=TODAY)
    assert query.scheme_code == "" and query.errors == (str(monthly.UNKNOWN_SCHEME),)


# --- the page --------------------------------------------------------------------------------------------

URL = reverse("certificates:dashboard")


def test_it_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["asesi", "asesor", "admin_tuk", "no_role"])
def test_it_is_not_for_candidates_assessors_or_tuks(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["admin_lsp", "manajer", "komite"])
def test_it_shows_the_lsp_and_the_committee_the_figures_with_svg_charts(client, cast, schemes, who):
    a, _b = schemes
    now = timezone.now()
    decide(case(a, now), True, now, cast.komite)
    client.force_login(getattr(cast, who))
    response = client.get(URL, {"scheme": "SKM/A"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.period == Period(timezone.localdate().year) and report.scheme_code == "SKM/A"
    assert (report.total.applications, report.total.competent, report.total.k_rate) == (1, 1, 100.0)
    content = response.content.decode()
    assert content.count("<svg ") == 3
    for name in ("chart-applications", "chart-decisions", "chart-issued"):
        assert f'aria-labelledby="{name}-title {name}-desc"' in content
    assert '<option value="SKM/A" selected>' in content and "SKM/DRAFT" not in content


def test_wrong_parameters_give_the_default_report_and_say_why(client, cast, schemes):
    client.force_login(cast.admin_lsp)
    year = timezone.localdate().year
    response = client.get(
        URL, {"year": "<script>", "month_from": "12", "month_to": "1", "scheme": "<b>x</b>"}
    )
    assert response.status_code == 200
    assert response.context["report"].period == Period(year)
    content = response.content.decode()
    expected = monthly.BAD_YEAR % {"first": 2000, "last": year + 1, "year": year}
    for message in (expected, monthly.BAD_MONTHS, monthly.UNKNOWN_SCHEME):
        assert escape(str(message)) in content
    assert "<script>" not in content and "<b>x</b>" not in content


def test_the_page_costs_the_same_queries_with_more_data(client, cast, schemes):
    a, b = schemes
    client.force_login(cast.manajer)
    client.get(URL)  # the session and the user's roles are read once and cached alike afterwards
    caches["shared"].clear()  # the report computed, not taken from the cache
    before = queries(lambda: client.get(URL))
    now = timezone.now()
    for scheme in (a, b):
        for _ in range(3):
            created = case(scheme, now)
            decide(created, True, now, cast.komite)
            certificate(
                code=scheme.code,
                title=scheme.title,
                issued_on=timezone.localdate(),
                expires_on=timezone.localdate() + datetime.timedelta(days=30),
                by=cast.admin_lsp,
            )
    caches["shared"].clear()
    assert queries(lambda: client.get(URL)) == before
    assert client.get(URL).context["report"].total.expiring == 6


def test_the_report_is_computed_at_most_every_five_minutes_and_says_when(client, cast, schemes):
    client.force_login(cast.manajer)
    first = client.get(URL)
    computed_at = first.context["report"].computed_at
    certificate(
        code=schemes[0].code,
        title=schemes[0].title,
        issued_on=timezone.localdate(),
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=cast.admin_lsp,
    )
    again = client.get(URL)
    assert again.context["report"].computed_at == computed_at and again.context["report"].total.active == 0
    assert f"Angka per pukul {timezone.localtime(computed_at):%H:%M}" in again.content.decode()
    assert queries(lambda: client.get(URL)) < queries(lambda: (caches["shared"].clear(), client.get(URL)))


def test_the_certificate_list_and_the_management_dashboards_link_to_the_reports(client, cast):
    client.force_login(cast.admin_lsp)
    for url in (reverse("certificates:list"), reverse("accounts:role_dashboard", args=["admin-lsp"])):
        assert f'href="{URL}"' in client.get(url).content.decode()
    client.force_login(cast.manajer)
    page = client.get(reverse("accounts:role_dashboard", args=["manajer-sertifikasi"]))
    assert f'href="{URL}"' in page.content.decode()
