"""Daily reminders of the implementation follow-up, in every municipality's
schema: due, unanswered check-ins are reminded once a week."""

from celery import shared_task

from config.celery import TenantTask
from courses.development.services import checkins_remind_due
from tenants.models import Municipality


@shared_task(name="development.tasks.daily", ignore_result=True)
def daily() -> int:
    """Beat: send the reminders task to every municipality."""
    count = 0
    for municipality in Municipality.objects.exclude(schema_name="public"):
        checkin_reminders.apply_async(municipality=municipality)
        count += 1
    return count


@shared_task(base=TenantTask, name="development.tasks.checkin_reminders", ignore_result=True)
def checkin_reminders() -> int:
    return checkins_remind_due()


# The name this task had before the code was re-homed (courses.tasks):
# reminders queued by the earlier release's beat still go out. Remove once
# every deployment has drained such messages.
@shared_task(base=TenantTask, name="courses.tasks.checkin_reminders", ignore_result=True)
def checkin_reminders_queued_before_rehoming() -> int:
    return checkins_remind_due()
