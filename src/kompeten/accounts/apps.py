from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompeten.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # allauth counts failed sign-ins (its default: 10 a minute per address, 5 in 5 minutes per account)
        # in Django's default cache, which is per process here; count them in the table every process
        # shares instead, so that the limit holds however many workers serve.
        from allauth.core.internal import ratelimit
        from django.core.cache import caches

        ratelimit.cache = caches["shared"]
