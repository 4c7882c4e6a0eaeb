from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "exchange.approvals"
    label = "approvals"
    verbose_name = "Approvals of swaps (municipality schema)"
    default_auto_field = "django.db.models.BigAutoField"
