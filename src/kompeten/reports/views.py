"""The read-only pages across the apps: each role's dashboard, the LSP's monthly report with its charts, and
the Excel exports for BNSP. Their URLs keep the names of the apps they belong to (see kompeten.urls)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kompeten.accounts.models import Role
from kompeten.assessments.views import session_for_user
from kompeten.core.workbooks import xlsx_response
from kompeten.reports import charts, exports, monthly, role_dashboards
from kompeten.reports.personal_data import applicant_data_export

ROLES_BY_SLUG = {role.slug: role for role in Role}


@login_required
def role_dashboard(request, role_slug: str):
    role = ROLES_BY_SLUG.get(role_slug)
    if role is None:
        raise Http404
    if not request.user.has_role(role):
        raise PermissionDenied
    context = {"role": role, **role_dashboards.context_for(role, request.user)}
    return render(request, f"reports/dashboard_{role.value}.html", context)


@login_required
def my_data(request):
    """Everything Kompeten holds about the signed-in person, as a JSON download."""
    data = applicant_data_export(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-saya-kompeten.json"'
    return response


# --- Excel exports -----------------------------------------------------------------------------------------


@login_required
def blanko_export(request, pk: int):
    """The blanko request list of a jadwal, for BNSP's back office."""
    session = session_for_user(request, pk, "certificates.issue_certificate")
    return xlsx_response(exports.blanko_request(session), f"blanko-{session.reference}.xlsx")


@login_required
def register_export(request):
    if not request.user.has_perm("certificates.issue_certificate"):
        raise PermissionDenied
    return xlsx_response(exports.certificate_register(), "register-sertifikat.xlsx")


# --- reports ---------------------------------------------------------------------------------------------

COLOUR_COMPETENT = "#1f7a3a"
COLOUR_NOT_YET_COMPETENT = "#b3261e"


@login_required
def dashboard(request):
    """Applications, decisions (K / BK) and certificates per month and per scheme, with SVG charts."""
    if not request.user.has_perm("certificates.view_reports"):
        raise PermissionDenied
    titles = monthly.scheme_titles()
    query = monthly.report_query(request.GET, schemes=titles)
    report = monthly.report_recent(period=query.period, scheme_code=query.scheme_code, titles=titles)
    labels = [date_format(row.month, "M") for row in report.months]
    empty = _("No data for this period.")
    svgs = {
        "applications": charts.bar_chart(
            chart_id="chart-applications",
            title=_("Applications per month"),
            labels=labels,
            values=[row.applications for row in report.months],
            empty_text=empty,
        ),
        "decisions": charts.grouped_bar_chart(
            chart_id="chart-decisions",
            title=_("Committee decisions per month"),
            labels=labels,
            series=[
                charts.Series(_("Competent (K)"), [row.competent for row in report.months], COLOUR_COMPETENT),
                charts.Series(
                    _("Not yet competent (BK)"),
                    [row.not_yet_competent for row in report.months],
                    COLOUR_NOT_YET_COMPETENT,
                ),
            ],
            empty_text=empty,
        ),
        "issued": charts.bar_chart(
            chart_id="chart-issued",
            title=_("Certificates issued per month"),
            labels=labels,
            values=[row.issued for row in report.months],
            empty_text=empty,
        ),
    }
    context = {
        "report": report,
        "query": query,
        "schemes": titles,
        "months": list(MONTHS.items()),
        "first_year": monthly.FIRST_YEAR,
        "last_year": monthly.last_year(report.today),
        # charts.py escapes every text it puts into the SVG: safe to include as it is
        "charts": {name: mark_safe(svg) for name, svg in svgs.items()},
    }
    return render(request, "reports/monthly.html", context)
