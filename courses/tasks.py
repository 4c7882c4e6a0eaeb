"""Periodic work of joint courses (beat): form cohorts wherever demand
suffices (the safety net behind forming at approval), release unused seats on
each cohort's release day, complete cohorts after their last module, and —
in every municipality — remind unanswered follow-up check-ins."""

import logging

from celery import shared_task

from config.celery import TenantTask

logger = logging.getLogger(__name__)


@shared_task(name="courses.tasks.daily", ignore_result=True)
def daily() -> dict:
    from django_tenants.utils import schema_context

    from courses.services import cohorts_complete_due, cohorts_form_all, seats_release_due

    with schema_context("public"):
        report = {
            "formed": cohorts_form_all(),
            "released": seats_release_due(),
            "completed": cohorts_complete_due(),
        }
    from tenants.models import Municipality

    for municipality in Municipality.objects.exclude(schema_name="public"):
        checkin_reminders.apply_async(municipality=municipality)
    logger.info("courses daily: %s", report)
    return report


@shared_task(base=TenantTask, name="courses.tasks.checkin_reminders", ignore_result=True)
def checkin_reminders() -> int:
    from courses.development.services import checkin_reminders as remind

    return remind()
