"""Fixtures for the swap journey: swaps agreed through HTTP by everyone on
their own site (a Kolding employee into one of Vejle's openings), so each
journey starts in Kolding's schema; the agreed swap of Kolding's employee
with its participants' clients; a colleague at the same workplace."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from exchange.journey.tests.support import GOALS, Agreed
from exchange.models import Swap, SwapParty, SwapStatus
from exchange.services.swaps import application_accept, application_submit
from tests.matching_fixtures import person


@pytest.fixture
def agree(world, make_opening, client_for, delivered):
    """agree(swapper) → (swap, party): ``swapper`` (of Kolding, led by
    Kolding's leader) swaps into a Vejle opening, agreed by everyone through
    HTTP on their own site; the last acceptance's mail is delivered."""

    def make(swapper: User) -> tuple[Swap, SwapParty]:
        opening = make_opening()
        application = application_submit(actor=swapper, opening=opening, **GOALS)
        with tenant_context(world.vejle.municipality):
            swap = application_accept(actor=world.vejle.hr, application=application)
        kolding = world.kolding.municipality
        own = client_for(swapper, municipality=kolding)
        home_leader = client_for(world.kolding.leader, municipality=kolding)
        host_leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
        party = swap.parties.get()
        own.post(f"/exchange/swaps/{swap.pk}/involve-leader/")
        home_leader.post(f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"})
        host_leader.post(f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"})
        for client in (own, home_leader):
            client.post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
        with delivered():
            host_leader.post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
        swap.refresh_from_db()
        assert swap.status == SwapStatus.AGREED
        return swap, party

    return make


@pytest.fixture
def agreed(world, agree, client_for):
    """Kolding's employee swaps into Vejle's opening, agreed by everyone;
    clients for Kolding's employee (the swapper), leader (home leader), HR
    and coach (the journey's coach), and Vejle's leader (host leader) and HR."""
    swap, party = agree(world.kolding.employee)
    kolding, vejle = world.kolding, world.vejle
    return Agreed(
        swap=swap,
        party=party,
        kolding={
            role: client_for(getattr(kolding, role), municipality=kolding.municipality)
            for role in ("employee", "leader", "hr", "coach")
        },
        vejle={
            role: client_for(getattr(vejle, role), municipality=vejle.municipality)
            for role in ("leader", "hr")
        },
    )


@pytest.fixture
def colleague(world):
    """Another employee at the swapper's workplace in Kolding, led by
    Kolding's leader: a colleague, no participant of the journey."""
    return person(
        world.kolding,
        "nabo",
        {Role.EMPLOYEE},
        "jobcentre-caseworker",
        world.kolding.workplace_id,
        leader_user=world.kolding.leader,
    )
