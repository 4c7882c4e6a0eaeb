"""Cross-municipality negatives of approvals (Kolding's employee swaps into
one of Vejle's openings). Only the swapper's own leader decides for the home
side, on Kolding's site, and only the receiving workplace's leader for the
host side, on Vejle's; only HR of a municipality that has switched the MED
step on records it, for its own side. Anyone else — Aarhus outside Job7,
people of Vejle and Kolding who take no part, participants who decide
nothing (the swapper, HR) or not that side, and a leader naming a party of
another swap — gets the same 404 as for a missing swap, whatever they post:
nothing changes in either municipality's schema or in public, no mail
leaves, no task is sent. Each swap awaits the decision, so its rightful
decider could make it: the 404 is the scoping's, not a state check's."""

from django_tenants.utils import tenant_context

from exchange.approvals.models import Approval
from exchange.approvals.services import med_step_set
from exchange.models import SwapStatus
from exchange.tests.support import (
    MISSING,
    exchange_state,
    kolding_colleague,
    same_as_missing,
    site,
    swap_into_vejle,
    vejle_other_leader,
)
from tests.isolation import isolation_case


def _url(swap_id: int, action: str) -> str:
    return f"/exchange/swaps/{swap_id}/{action}/"


def _clients(world, client_for, outsider) -> dict:
    """Everyone but the two leaders: who takes no part, and the
    participants who decide nothing."""
    return {
        "Aarhus's HR": site(client_for, outsider),
        "Vejle's employee": site(client_for, world.vejle.employee),
        "Vejle's coach": site(client_for, world.vejle.coach),
        "Vejle's other leader": site(client_for, vejle_other_leader(world)),
        "Kolding's coach": site(client_for, world.kolding.coach),
        "Kolding's colleague": site(client_for, kolding_colleague(world)),
        "the swapper": site(client_for, world.kolding.employee),
        "Kolding's HR": site(client_for, world.kolding.hr),
        "Vejle's HR": site(client_for, world.vejle.hr),
    }


@isolation_case("approvals:approve", "approvals:decline")
def test_only_each_sides_leader_decides_it(
    world,
    make_opening,
    client_for,
    outsider,
    isolated,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    swap, party = swap_into_vejle(world, make_opening, involve=True)
    # Another swap of the same employee, of which Kolding's leader does not
    # know yet (not involved): its party named through the swap they lead.
    _hidden, hidden_party = swap_into_vejle(world, make_opening, involve=False)
    kolding_leader = site(client_for, world.kolding.leader)
    vejle_leader = site(client_for, world.vejle.leader)

    def forms(party_id: int, side: str) -> dict:
        return {
            "approve": [{"party": party_id, "side": side}],
            "decline": [
                {"party": party_id, "side": side, "reason": "Ingen kapacitet"},
                {"party": party_id, "side": side},
            ],
        }

    attempts = [
        (who, client, side)
        for who, client in _clients(world, client_for, outsider).items()
        for side in ("home", "host")
    ] + [
        ("Kolding's leader", kolding_leader, "host"),
        ("Vejle's leader", vejle_leader, "home"),
    ]
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client, side in attempts:
            for action, variants in forms(party.pk, side).items():
                for form in variants:
                    same_as_missing(
                        client, "post", _url(swap.pk, action), _url(MISSING, action), form, who=who
                    )
        for action, variants in forms(hidden_party.pk, "home").items():
            for form in variants:
                same_as_missing(
                    kolding_leader,
                    "post",
                    _url(swap.pk, action),
                    _url(MISSING, action),
                    form,
                    who="Kolding's leader, naming a hidden party",
                )
    approved = kolding_leader.post(_url(swap.pk, "approve"), forms(party.pk, "home")["approve"][0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        declined = vejle_leader.post(
            _url(swap.pk, "decline"), forms(party.pk, "host")["decline"][0]
        )
    swap.refresh_from_db()
    decisions = {}
    for staff in (world.kolding, world.vejle):
        with tenant_context(staff.municipality):
            decisions[staff.municipality.name] = list(
                Approval.objects.values_list("party_id", "side", "decision", "decided_by_id")
            )
    assert (
        approved["Location"],
        declined["Location"],
        decisions,
        swap.status,
        sorted(m.to[0] for m in mailoutbox),
    ) == (
        f"/exchange/swaps/{swap.pk}/",
        f"/exchange/swaps/{swap.pk}/",
        {
            "Kolding": [(party.pk, "home", "approved", world.kolding.leader.pk)],
            "Vejle": [(party.pk, "host", "declined", world.vejle.leader.pk)],
        },
        SwapStatus.DECLINED,
        ["employee@kolding.example", "leader@kolding.example"],
    )


@isolation_case("approvals:med")
def test_only_the_sides_hr_records_its_med_acknowledgement(
    world, make_opening, client_for, outsider, isolated
):
    kolding = world.kolding.municipality
    med_step_set(actor=world.kolding.hr, municipality=kolding, required=True)
    # Both leaders have approved; the swap waits for Kolding's MED step.
    swap, party = swap_into_vejle(world, make_opening, involve=True, approve=True)
    assert swap.status == SwapStatus.AWAITING_APPROVAL
    clients = _clients(world, client_for, outsider)
    kolding_hr, vejle_hr = clients.pop("Kolding's HR"), clients.pop("Vejle's HR")
    clients["Kolding's leader"] = site(client_for, world.kolding.leader)
    clients["Vejle's leader"] = site(client_for, world.vejle.leader)
    attempts = [
        *((who, client, side) for who, client in clients.items() for side in ("home", "host")),
        # HR of each side, for the other's.
        ("Kolding's HR", kolding_hr, "host"),
        ("Vejle's HR", vejle_hr, "home"),
    ]
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client, side in attempts:
            same_as_missing(
                client,
                "post",
                _url(swap.pk, "med"),
                _url(MISSING, "med"),
                {"party": party.pk, "side": side},
                who=who,
            )
    response = kolding_hr.post(_url(swap.pk, "med"), {"party": party.pk, "side": "home"})
    swap.refresh_from_db()
    with tenant_context(kolding):
        recorded = list(Approval.objects.filter(step="med").values_list("side", "decided_by_id"))
    assert (response["Location"], recorded, swap.status) == (
        f"/exchange/swaps/{swap.pk}/",
        [("home", world.kolding.hr.pk)],
        SwapStatus.APPROVED,
    )
