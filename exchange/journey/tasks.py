"""Daily reminders of the swap journey, in every municipality's schema."""

from celery import shared_task

from config.celery import TenantTask
from exchange.journey.services.reminders import reminders_send
from tenants.models import Municipality


@shared_task(name="journey.tasks.daily", ignore_result=True)
def daily() -> int:
    count = 0
    for municipality in Municipality.objects.exclude(schema_name="public"):
        reminders.apply_async(municipality=municipality)
        count += 1
    return count


@shared_task(base=TenantTask, name="journey.tasks.reminders", ignore_result=True)
def reminders() -> int:
    return reminders_send()
