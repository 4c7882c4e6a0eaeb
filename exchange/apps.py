from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "Job swap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Matching follows the core's hooks (models are loaded only now).
        from exchange.matching import receivers  # noqa: F401, PLC0415  (apps are loaded only now)
