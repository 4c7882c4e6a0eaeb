from django.apps import AppConfig

from accounts import hooks as account_hooks


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "Job swap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from exchange.services import leavers  # noqa: PLC0415  (the models are loaded only now)

        # A person who leaves: their open applications and swap requests are
        # withdrawn, the other parties told (exchange.services.leavers).
        account_hooks.account_deactivated.connect(
            leavers.withdraw_for_leaver, dispatch_uid="exchange.withdraw_for_leaver"
        )
        account_hooks.register_leaving_preview(leavers.what_leaving_withdraws)
