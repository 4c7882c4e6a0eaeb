from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tenants.organisation"
    label = "organisation"
    verbose_name = "Organisation and staff"
    default_auto_field = "django.db.models.BigAutoField"
