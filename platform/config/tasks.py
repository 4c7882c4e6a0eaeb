"""Platform-wide periodic tasks (they run in the public schema)."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "platform:worker-heartbeat"


@shared_task(name="config.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by beat every minute; proves on the operator's page that beat and
    a worker are both alive. Safe to run twice: it only stores a timestamp."""
    cache.set(HEARTBEAT_CACHE_KEY, timezone.now(), timeout=None)
