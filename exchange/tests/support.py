"""Helpers of the exchange's cross-municipality negative tests (and of
approvals', beside it): what a request to the exchange could change, swaps
made through the services up to the stage a test needs, the people who take
no part, and the comparison with a missing id that names the failing case."""

from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from exchange.approvals.models import Approval
from exchange.approvals.services import approval_grant
from exchange.journey.models import Journey
from exchange.models import (
    Agreement,
    AgreementAcceptance,
    Application,
    Interest,
    MatchProposal,
    Message,
    Opening,
    ProposalMember,
    Swap,
    SwapParty,
    SwapRequest,
)
from exchange.services.swaps import application_accept, application_submit, swap_involve_leader
from tenants.models import Municipality
from tests.isolation import assert_same_as_missing, snapshot
from tests.matching_fixtures import person

MISSING = 999999

GOALS = {
    "motivation": "Jeg vil se, hvordan I arbejder med virksomhederne.",
    "goal_self": "Lære motiverende samtaler.",
    "goal_workplaces": "Dele metoder mellem jobcentrene.",
    "goal_organisation": "Bedre samarbejde i Job7.",
}


def exchange_state(world, *more: Municipality) -> list:
    """Everything a request to the exchange (or to approvals) could change:
    the exchange's public rows and the public audit trail, and in Vejle's,
    Kolding's and ``more``'s schemas their approvals, journeys and audit
    trails."""
    state = snapshot(
        Opening.objects.all(),
        Application.objects.all(),
        Swap.objects.all(),
        SwapParty.objects.all(),
        Agreement.objects.all(),
        AgreementAcceptance.objects.all(),
        Message.objects.all(),
        SwapRequest.objects.all(),
        Swap.requests.through.objects.all(),
        Interest.objects.all(),
        MatchProposal.objects.all(),
        ProposalMember.objects.all(),
        Municipality.objects.all(),
        AuditEvent.objects.all(),
    )
    for municipality in (world.vejle.municipality, world.kolding.municipality, *more):
        with tenant_context(municipality):
            state += snapshot(
                Approval.objects.all(), Journey.objects.all(), AuditEvent.objects.all()
            )
    return state


def site(client_for, user: User):
    """A client signed in as ``user`` on their own municipality's site."""
    return client_for(user, municipality=user.municipality)


def vejle_other_leader(world) -> User:
    """A leader in Vejle too, but of another workplace than the openings'."""
    return person(
        world.vejle, "olga", {Role.LEADER}, "jobcentre-caseworker", world.vejle.other_workplace_id
    )


def kolding_colleague(world) -> User:
    """A colleague of Kolding's employee at the same workplace, under the
    same leader."""
    return person(
        world.kolding,
        "nabo",
        {Role.EMPLOYEE},
        "jobcentre-caseworker",
        world.kolding.workplace_id,
        leader_user=world.kolding.leader,
    )


def swap_into_vejle(world, make_opening, *, involve: bool, approve: bool = False):
    """Kolding's employee swaps into one of Vejle's openings (accepted by
    Vejle's HR): awaiting approval, with their leader involved if
    ``involve``; with ``approve`` both leaders have approved too and the
    agreement (version 1) awaits acceptance. → (swap, its one party)."""
    opening = make_opening()
    application = application_submit(actor=world.kolding.employee, opening=opening, **GOALS)
    with tenant_context(world.vejle.municipality):
        swap = application_accept(actor=world.vejle.hr, application=application)
    party = swap.parties.get()
    if involve or approve:
        swap_involve_leader(actor=world.kolding.employee, party=party)
    if approve:
        for staff, side in ((world.kolding, "home"), (world.vejle, "host")):
            with tenant_context(staff.municipality):
                approval_grant(actor=staff.leader, swap_id=swap.pk, party_id=party.pk, side=side)
    swap.refresh_from_db()
    party.refresh_from_db()
    return swap, party


def same_as_missing(client, method: str, path: str, missing: str, data=None, *, who="") -> None:
    """assert_same_as_missing for one request to ``path`` and the same
    request to ``missing``, saying who sent it when it fails."""
    send = getattr(client, method)
    data = {} if data is None else data
    try:
        assert_same_as_missing(send(path, data), send(missing, data))
    except AssertionError as error:
        raise AssertionError(f"{who}: {method.upper()} {path}: {error}") from error
