"""The exchange's periodic work (the worker runs it in the public schema)."""

from celery import shared_task

from exchange.services import openings_expire_due


@shared_task(name="exchange.tasks.expire_openings", ignore_result=True)
def expire_openings() -> int:
    """Daily: published openings past their closing date become expired."""
    return openings_expire_due()
