from django.apps import AppConfig

from exchange import hooks


class ApprovalsConfig(AppConfig):
    name = "exchange.approvals"
    label = "approvals"
    verbose_name = "Approvals of swaps (municipality schema)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The approve/decline/MED buttons on the exchange's swap page
        # (models are loaded only now).
        from exchange.approvals.views import party_actions  # noqa: PLC0415 (apps are loaded only now)

        hooks.register_party_action(party_actions)
