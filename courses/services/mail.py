"""The mails the services of joint courses send (after commit), and the
pages they link to."""

from accounts.models import User
from config.sites import organisation_site_url
from courses.models import Cohort, CohortStatus, Nomination
from courses.selectors import cohort_audience, concerned_with
from notifications.services import mail_for, send_after_commit


def course_mail(user: User, name: str, path: str, **context):
    """The mail ``courses/mail/<name>.txt`` to ``user``, linking to ``path``
    on their own site."""
    return mail_for(user, f"courses/mail/{name}.txt", path, **context)


def nomination_path(nomination: Nomination) -> str:
    return f"/courses/nominations/{nomination.pk}/"


def tell_seated(cohort: Cohort, nominations: list[Nomination]) -> None:
    """The seated participants, their leaders and HR are told; into a
    confirmed cohort, with its dates and calendar."""
    confirmed = cohort.status == CohortStatus.CONFIRMED
    modules = list(cohort.modules.select_related("module").order_by("module__position"))
    concerned = concerned_with(nominations)
    calendar = f"/courses/cohorts/{cohort.pk}/calendar.ics"
    send_after_commit(
        [
            course_mail(
                user,
                "cohort_confirmed" if confirmed else "seated",
                "/courses/my/",
                cohort=cohort,
                modules=modules,
                calendar=organisation_site_url(user, calendar),
            )
            for user in concerned.values()
        ]
    )


def tell_dates(cohort: Cohort, template: str) -> None:
    """Dates to everyone concerned, each with a link to their own page and
    to the cohort's calendar on their own site."""
    modules = list(cohort.modules.select_related("module").order_by("module__position"))
    send_after_commit(
        [
            course_mail(
                user,
                template,
                f"/courses/cohorts/{cohort.pk}/" if user.provider_id else "/courses/my/",
                cohort=cohort,
                modules=modules,
                calendar=organisation_site_url(user, f"/courses/cohorts/{cohort.pk}/calendar.ics"),
            )
            for user in cohort_audience(cohort)
        ]
    )
