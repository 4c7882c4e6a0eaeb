from celery import shared_task

from config.celery import TenantTask
from exchange.alerts.services import digests_send
from tenants.models import Municipality


@shared_task(base=TenantTask, name="alerts.tasks.send_digests")
def send_digests() -> int:
    """This municipality's saved-search digests (runs in its schema)."""
    return digests_send()


@shared_task(name="alerts.tasks.send_all_digests", ignore_result=True)
def send_all_digests() -> int:
    """Daily (beat): one digest task per municipality, each carrying it."""
    municipalities = list(Municipality.objects.all())
    for municipality in municipalities:
        send_digests.apply_async(municipality=municipality)
    return len(municipalities)
