from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses.development"
    label = "development"
    verbose_name = _("Competence development at the workplace")

    def ready(self):
        # Subscribes to courses.hooks (baselines, check-ins on completion).
        from courses.development import receivers  # noqa: F401
