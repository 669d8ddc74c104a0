from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kompeten.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from kompeten.core.counts import counts_connect

        counts_connect()
