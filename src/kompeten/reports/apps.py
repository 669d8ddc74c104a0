from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Read-only pages across the apps: the role dashboards, the LSP's reports and charts, the Excel exports
    for BNSP. It reads every app below it; no app imports it (its URLs are put together in kompeten.urls)."""

    name = "kompeten.reports"
    label = "reports"
    verbose_name = _("Reports")
