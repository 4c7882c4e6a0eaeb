from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange.journey"
    label = "journey"
    verbose_name = _("The swap journey")

    def ready(self):
        # In ready(), not at the top: the receivers need loaded models. Importing
        # them subscribes to exchange.hooks (the journey starts when a swap is agreed).
        from exchange.journey import receivers  # noqa: F401, PLC0415  (apps are loaded only now)
