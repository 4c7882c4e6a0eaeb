from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Matching is a part of the exchange with pages, tasks and hooks of its
    own; its models (runs, proposals) are the exchange's. An app without
    models, so that it subscribes to the exchange's hooks and its tasks are
    found by itself, and the exchange's core never names it."""

    name = "exchange.matching"
    label = "matching"
    verbose_name = _("Matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from exchange.matching import receivers  # noqa: F401, PLC0415  (apps are loaded only now)
