from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from courses import hooks


class DevelopmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses.development"
    label = "development"
    verbose_name = _("Competence development at the workplace")

    def ready(self):
        # Imported here: they use the models, which are not loaded when apps.py is.
        from courses.development import parts, receivers  # noqa: F401, PLC0415  (apps are loaded only now)

        # What the courses' pages show of the follow-up (courses.hooks).
        hooks.register_page_part("catalogue_links", parts.catalogue_links)
        hooks.register_page_part("my_courses", parts.my_courses)
        hooks.register_page_part("nomination_facts", parts.nomination_facts)
        hooks.register_page_part("nomination_sections", parts.nomination_sections)
        hooks.register_page_part("provider_course_links", parts.provider_course_links)
