"""Fixtures for the wage-compensation pool: a live swap whose swapper's
home leader may apply, a pool with a budget, and claims."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from exchange.pools.models import WageClaim
from exchange.pools.services import claim_apply, pool_set_budget
from exchange.services.swaps import application_accept, application_submit, swap_involve_leader

GOALS = {"motivation": "m", "goal_self": "s", "goal_workplaces": "w", "goal_organisation": "o"}


def live_swap_between(world, make_opening, *, home, host, swapper=None):
    """``swapper`` (default: home's employee) goes to an opening of ``host``
    and has involved their leader: a live swap awaiting approval, which the
    home leader may claim compensation for."""
    swapper = swapper or home.employee
    opening = make_opening(actor=host.hr)
    application = application_submit(actor=swapper, opening=opening, **GOALS)
    with tenant_context(host.municipality):
        swap = application_accept(actor=host.hr, application=application)
    party = swap.parties.get()
    swap_involve_leader(actor=swapper, party=party)
    party.refresh_from_db()
    return swap, party


@pytest.fixture
def live_swap(world, make_opening):
    """live_swap(home=world.vejle, host=world.kolding) → (swap, party)."""

    def make(home=None, host=None, swapper=None):
        return live_swap_between(
            world,
            make_opening,
            home=home or world.vejle,
            host=host or world.kolding,
            swapper=swapper,
        )

    return make


@pytest.fixture
def claim_for(world):
    """claim_for(party, amount, budget=None) → a claim in the home
    municipality's pool (setting the budget first when given)."""

    def make(party, amount, *, budget=None, days=10, staff=None) -> WageClaim:
        staff = staff or world.vejle
        with tenant_context(staff.municipality):
            if budget is not None:
                pool_set_budget(
                    actor=staff.hr, year=party.swap.period_start.year, budget=Decimal(budget)
                )
            return claim_apply(
                actor=staff.leader,
                swap_id=party.swap_id,
                party_id=party.pk,
                days=days,
                amount=Decimal(amount),
                reason="Vikar i hjemmeenheden",
            )

    return make
