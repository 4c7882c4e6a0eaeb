from django.apps import AppConfig

from accounts import hooks as account_hooks


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Joint courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.services import leavers  # noqa: PLC0415  (the models are loaded only now)

        # A person who leaves: their live nominations end, the others told
        # (courses.services.leavers says what becomes of a seat).
        account_hooks.account_deactivated.connect(
            leavers.withdraw_for_leaver, dispatch_uid="courses.withdraw_for_leaver"
        )
        account_hooks.register_leaving_preview(leavers.what_leaving_withdraws)
