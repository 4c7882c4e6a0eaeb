import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="exchange.tasks.expire_openings", ignore_result=True)
def expire_openings() -> int:
    """Daily: published openings past their closing date become expired, and
    match proposals not answered in time expire."""
    from exchange.services import openings_expire_due
    from exchange.services.matching import proposals_expire_due

    return openings_expire_due() + proposals_expire_due()


@shared_task(name="exchange.tasks.match_network", ignore_result=True)
def match_network(run_id: int) -> None:
    """Run the matching engine for one queued run. Swap requests and
    proposals are shared data (public schema); the workplaces' leaders are
    looked up in each member municipality's own schema as the run goes. The
    task sets the public schema itself, whatever context sent it."""
    from django_tenants.utils import schema_context

    from exchange.services.matching import run_execute

    with schema_context("public"):
        run_execute(run_id)


@shared_task(name="exchange.tasks.match_all_networks", ignore_result=True)
def match_all_networks() -> int:
    """Nightly: queue a run for every network of two or more municipalities
    (one already waiting or running is left to finish)."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.db.models import Count
    from django_tenants.utils import schema_context

    from exchange.models import RunTrigger
    from exchange.services.matching import run_create
    from tenants.models import Network

    queued = 0
    with schema_context("public"):
        for network in Network.objects.annotate(n=Count("memberships")).filter(n__gte=2):
            try:
                with transaction.atomic():
                    run_create(network=network, trigger=RunTrigger.NIGHTLY)
                queued += 1
            except ValidationError:
                logger.info("matching for %s is already under way", network.slug)
    return queued
