"""The worker's side of matching. Swap requests and proposals are shared
data (public schema); each task sets the public schema itself, whatever
context sent it, and looks up workplaces' leaders in each member
municipality's own schema as it goes."""

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from exchange.matching.services.execution import run_execute
from exchange.matching.services.proposals import proposals_expire_due
from exchange.matching.services.runs import MATCH_NETWORK_TASK, runs_queue_nightly


@shared_task(name=MATCH_NETWORK_TASK, ignore_result=True)
def match_network(run_id: int) -> None:
    """Do one queued run (safe to deliver twice: only one delivery starts it)."""
    with schema_context(get_public_schema_name()):
        run_execute(run_id)


@shared_task(name="exchange.matching.tasks.match_all_networks", ignore_result=True)
def match_all_networks() -> int:
    """Nightly: queue a run for every network of two or more municipalities."""
    with schema_context(get_public_schema_name()):
        return runs_queue_nightly()


@shared_task(name="exchange.matching.tasks.expire_proposals", ignore_result=True)
def expire_proposals() -> int:
    """Daily: proposals not answered in time expire."""
    with schema_context(get_public_schema_name()):
        return proposals_expire_due()


# The names these tasks had before the code was re-homed: a run queued by a
# process of the earlier release still runs once the new worker does. Remove
# once every deployment has drained such messages.
@shared_task(name="exchange.tasks.match_network", ignore_result=True)
def match_network_queued_before_rehoming(run_id: int) -> None:
    match_network(run_id)


@shared_task(name="exchange.tasks.match_all_networks", ignore_result=True)
def match_all_networks_queued_before_rehoming() -> int:
    return match_all_networks()
