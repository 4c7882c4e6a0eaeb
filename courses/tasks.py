"""Periodic work of joint courses (beat), on the shared data: form cohorts
wherever demand suffices (the safety net behind forming at approval), release
unused seats on each cohort's release day, and complete cohorts after their
last module. (The municipalities' check-in reminders:
courses.development.tasks.)"""

import logging

from celery import shared_task
from django_tenants.utils import schema_context

from courses.services.cohorts import cohorts_complete_due, cohorts_form_all, seats_release_due

logger = logging.getLogger(__name__)


@shared_task(name="courses.tasks.daily", ignore_result=True)
def daily() -> dict:
    with schema_context("public"):
        report = {
            "formed": cohorts_form_all(),
            "released": seats_release_due(),
            "completed": cohorts_complete_due(),
        }
    logger.info("courses daily: %s", report)
    return report
