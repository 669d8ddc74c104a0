from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running an LSP's Kompeten: demo data, backup and restore. It imports every app; no app imports it."""

    name = "kompeten.ops"
    label = "ops"
    verbose_name = _("Operations")
