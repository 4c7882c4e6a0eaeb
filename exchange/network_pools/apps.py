from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkPoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange.network_pools"
    label = "network_pools"
    verbose_name = _("Network wage-compensation pools")
