from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from exchange import hooks


class PoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange.pools"
    label = "pools"
    verbose_name = _("Wage-compensation pool (municipality schema)")

    def ready(self):
        # The "apply for wage compensation" link on the exchange's swap page
        # (views import models, which are loaded only now).
        from exchange.pools.views import party_actions  # noqa: PLC0415 (apps are loaded only now)

        hooks.register_party_action(party_actions)
