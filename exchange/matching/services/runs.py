"""Matching runs: HR asks for one, beat queues one per network every night;
at most one per network waits or runs at a time (database constraint)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_public
from config.celery import app as celery_app
from exchange.models import MatchRun, RunStatus, RunTrigger
from tenants.models import Network, NetworkMembership

# The worker's task that does a run (exchange.matching.tasks.match_network).
# Sent by name: the task calls the run's execution, never this module, so
# there is no import cycle between queueing and doing.
MATCH_NETWORK_TASK = "exchange.matching.tasks.match_network"


@transaction.atomic
def run_request(
    *, actor: User, network: Network, max_cycle_length: int = 3, use_vacancies: bool = True
) -> MatchRun:
    """HR of a member municipality asks for a run now. One run per network
    waits or runs at a time."""
    if (
        actor.municipality_id is None
        or not NetworkMembership.objects.filter(
            network=network, municipality_id=actor.municipality_id
        ).exists()
    ):
        raise MatchRun.DoesNotExist
    if not isinstance(max_cycle_length, int) or not 2 <= max_cycle_length <= 4:
        raise ValidationError(
            {"max_cycle_length": _("Choose a longest rotation from 2 to 4 people.")}
        )
    run = run_create(
        network=network,
        trigger=RunTrigger.ON_DEMAND,
        requested_by=actor,
        max_cycle_length=max_cycle_length,
        use_vacancies=use_vacancies,
    )
    audit_record_public(
        actor=actor,
        action="matching.requested",
        target=run,
        municipality=actor.municipality,
        data={
            "network": network.slug,
            "max_cycle_length": max_cycle_length,
            "use_vacancies": use_vacancies,
        },
    )
    return run


# A run that has waited or run this long lost its worker (a restart, say):
# it is marked failed so that the network can be matched again.
STALLED_AFTER = timedelta(hours=2)


def run_create(
    *,
    network: Network,
    trigger: str,
    requested_by: User | None = None,
    max_cycle_length=3,
    use_vacancies=True,
) -> MatchRun:
    """Queue a run and send it to the worker after commit; refuse a second
    one while one waits or runs (database constraint)."""
    MatchRun.objects.filter(
        network=network,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__lt=timezone.now() - STALLED_AFTER,
    ).update(status=RunStatus.FAILED, error="stalled", finished_at=timezone.now())
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                network=network,
                trigger=trigger,
                requested_by=requested_by,
                max_cycle_length=max_cycle_length,
                use_vacancies=use_vacancies,
            )
    except IntegrityError:
        raise ValidationError(_("A matching run for this network is already under way.")) from None
    transaction.on_commit(lambda: celery_app.send_task(MATCH_NETWORK_TASK, args=[run.pk]))
    return run


def runs_queue_nightly() -> int:
    """Nightly: queue a run for every network of two or more municipalities
    (one already waiting or running is left to finish). Returns how many
    were queued."""
    queued = 0
    for network in Network.objects.annotate(n=Count("memberships")).filter(n__gte=2):
        try:
            with transaction.atomic():
                run_create(network=network, trigger=RunTrigger.NIGHTLY)
            queued += 1
        except ValidationError:
            pass  # one is already under way
    return queued
