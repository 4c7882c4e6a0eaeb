"""Cross-municipality negatives: a claim lives in the swapper's home
municipality's schema. Kolding — the receiving side of the same swap —
cannot see, decide or apply for it; neither can Vejle staff who are not HR
or the applicant (a leader of another Vejle workplace included). The same 404 as for a missing id, nothing changes, no
mail leaves."""

from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from audit.models import AuditEvent
from exchange.pools.models import Pool, WageClaim
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from tests.matching_fixtures import person


def _vejle_state(world):
    with tenant_context(world.vejle.municipality):
        return snapshot(Pool.objects.all(), WageClaim.objects.all(), AuditEvent.objects.all())


@isolation_case(
    "pools:apply",
    "pools:claim",
    "pools:claim-decline",
    "pools:claim-grant",
    "pools:claim-use",
    "pools:claim-withdraw",
)
def test_another_municipality_cannot_see_or_decide_a_claim(
    world, client_for, live_swap, claim_for, isolated, outsider
):
    swap, party = live_swap(home=world.vejle, host=world.kolding)
    claim = claim_for(party, "900", budget="5000")
    with tenant_context(world.kolding.municipality):
        # The id means nothing in Kolding's schema (a precondition of the test).
        assert not WageClaim.objects.filter(pk=claim.pk).exists()
    # A leader in Vejle too, but of another workplace than the swapper's.
    other_leader = person(
        world.vejle, "olga", {Role.LEADER}, "jobcentre-caseworker", world.vejle.other_workplace_id
    )
    vejle_other_leader = client_for(other_leader, municipality=world.vejle.municipality)
    kolding_hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    kolding_leader = client_for(world.kolding.leader, municipality=world.kolding.municipality)
    vejle_employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    vejle_coach = client_for(world.vejle.coach, municipality=world.vejle.municipality)
    vejle_hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    aarhus = client_for(outsider, municipality=outsider.municipality)

    with isolated(lambda: _vejle_state(world)):
        for client in (kolding_hr, kolding_leader, vejle_employee, vejle_coach, aarhus):
            assert_same_as_missing(
                client.get(f"/pools/claims/{claim.pk}/"), client.get("/pools/claims/999999/")
            )
            for action, data in (
                ("grant", {"source": "own"}),
                ("decline", {"reason": "Nej"}),
                ("use", {"used": "1"}),
                ("withdraw", {}),
            ):
                assert_same_as_missing(
                    client.post(f"/pools/claims/{claim.pk}/{action}/", data),
                    client.post(f"/pools/claims/999999/{action}/", data),
                )
        # Only the swapper's own leader applies: not the receiving leader, not
        # HR, not a colleague — the same 404 as for a swap that does not exist.
        apply = f"/pools/swaps/{swap.pk}/parties/{party.pk}/apply/"
        missing = f"/pools/swaps/999999/parties/{party.pk}/apply/"
        form = {"days": 1, "amount": "100", "reason": "x"}
        for client in (
            kolding_leader,
            kolding_hr,
            vejle_hr,
            vejle_employee,
            vejle_other_leader,
            aarhus,
        ):
            assert_same_as_missing(client.get(apply), client.get(missing))
            assert_same_as_missing(client.post(apply, form), client.post(missing, form))
        # Kolding's own pool page knows nothing of Vejle's claim or budget.
        page = kolding_hr.get(f"/pools/?year={claim.pool.year}")
        assert page.context["claims"] == [] and page.context["summary"].pool is None
        # The pool page is HR's only.
        for client in (
            vejle_employee,
            vejle_coach,
            client_for(world.vejle.leader, municipality=world.vejle.municipality),
        ):
            assert client.get("/pools/").status_code == 404
            assert (
                client.post("/pools/budget/", {"year": claim.pool.year, "budget": "1"}).status_code
                == 404
            )
        with tenant_context(world.kolding.municipality):
            assert not Pool.objects.exists() and not WageClaim.objects.exists()
    # Vejle's HR, on Vejle's site, does see it.
    assert vejle_hr.get(f"/pools/claims/{claim.pk}/").status_code == 200


@isolation_case("pools:claim", "pools:claim-withdraw")
def test_a_leader_who_is_no_longer_one_loses_the_claim(world, client_for, live_swap, claim_for):
    """The applying leader sees their claim while they lead; once the role
    is taken from them the claim is a 404 like a missing one."""
    _swap, party = live_swap(home=world.vejle, host=world.kolding)
    claim = claim_for(party, "900", budget="5000")
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    assert leader.get(f"/pools/claims/{claim.pk}/").status_code == 200
    Membership.objects.filter(user=world.vejle.leader, role=Role.LEADER).delete()
    assert_same_as_missing(
        leader.get(f"/pools/claims/{claim.pk}/"), leader.get("/pools/claims/999999/")
    )
    assert_same_as_missing(
        leader.post(f"/pools/claims/{claim.pk}/withdraw/", {}),
        leader.post("/pools/claims/999999/withdraw/", {}),
    )
    with tenant_context(world.vejle.municipality):
        assert WageClaim.objects.get(pk=claim.pk).status == claim.status
