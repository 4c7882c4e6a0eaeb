from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "exchange.alerts"
    label = "alerts"
    verbose_name = "Saved searches and digests (municipality schema)"
    default_auto_field = "django.db.models.BigAutoField"
