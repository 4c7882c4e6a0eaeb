"""Plain helpers of the journey's tests (the fixtures are in conftest.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from exchange.journey.models import Journey
from exchange.models import Swap, SwapParty

GOALS = {
    "motivation": "m",
    "goal_self": "Lære motiverende samtaler",
    "goal_workplaces": "w",
    "goal_organisation": "o",
}


def journey_url(swap_id: int, party_id: int, tail: str = "") -> str:
    """The journey's page, or ``tail`` (e.g. "logbook/") under it."""
    return f"/exchange/swaps/{swap_id}/journey/{party_id}/{tail}"


def begin(world, swap, days_ago: int = 5) -> date:
    """Move the swap (and its journey in Kolding) to have begun ``days_ago``
    days ago."""
    start = timezone.localdate() - timedelta(days=days_ago)
    Swap.objects.filter(pk=swap.pk).update(period_start=start)
    with tenant_context(world.kolding.municipality):
        Journey.objects.filter(swap_id=swap.pk).update(period_start=start)
    return start


@dataclass
class Agreed:
    """An agreed swap, its one party and clients of the journey's
    participants by role (see the agreed fixture)."""

    swap: Swap
    party: SwapParty
    kolding: dict[str, Client]
    vejle: dict[str, Client]

    def url(self, tail: str = "") -> str:
        return journey_url(self.swap.pk, self.party.pk, tail)
