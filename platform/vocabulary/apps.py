from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "vocabulary"
    verbose_name = "Shared vocabulary"
    default_auto_field = "django.db.models.BigAutoField"
