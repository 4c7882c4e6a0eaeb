from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange.pools"
    label = "pools"
    verbose_name = _("Wage-compensation pool (municipality schema)")
