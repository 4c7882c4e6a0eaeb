"""A network's shared pool through HTTP on each member's own site: Vejle's
HR proposes a budget, Kolding's agrees, each grants a claim from it,
records the use; the ledger nets who owes whom per quarter and a member
settles an ended quarter. Aarhus, outside Job7, sees none of it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.network_pools import selectors
from exchange.network_pools.models import (
    NetworkGrant,
    NetworkGrantShare,
    NetworkPool,
    NetworkPoolConsent,
    Settlement,
)
from exchange.network_pools.services import (
    network_grant_create,
    network_pool_set_budget,
    split_equally,
)
from exchange.pools.models import ClaimStatus, Pool, Source
from tenants.models import Network
from tests.isolation import assert_same_as_missing, isolation_case, snapshot


@pytest.fixture
def hr(world, client_for):
    return {
        "vejle": client_for(world.vejle.hr, municipality=world.vejle.municipality),
        "kolding": client_for(world.kolding.hr, municipality=world.kolding.municipality),
    }


def _messages(response) -> list[str]:
    return [m.level_tag for m in response.context["messages"]]


def test_a_shared_pool_from_proposal_to_settled_ledger(
    world, hr, live_swap, claim_for, django_capture_on_commit_callbacks, monkeypatch
):
    vejle_swap, vejle_party = live_swap(home=world.vejle, host=world.kolding)
    _kolding_swap, kolding_party = live_swap(home=world.kolding, host=world.vejle)
    year = vejle_swap.period_start.year
    base = "/pools/networks/job7/"

    # Vejle proposes 50,000 for the year; Kolding's HR is asked to agree.
    with django_capture_on_commit_callbacks(execute=True):
        response = hr["vejle"].post(f"{base}budget/?year={year}", {"year": year, "budget": "50000"})
    assert response["Location"] == f"{base}?year={year}"
    pool = NetworkPool.objects.get(network__slug="job7", year=year)
    assert [m.to for m in mail.outbox] == [["hr@kolding.example"]]
    assert f"http://kolding.localhost{base}?year={year}" in mail.outbox[0].body
    mail.outbox.clear()
    assert hr["vejle"].get(f"{base}?year={year}").context["active"] is False
    assert f"{base}?year={year}" in hr["kolding"].get("/").content.decode()  # waiting for Kolding

    # Not active yet: a Vejle claim cannot be paid from it (not offered).
    vejle_claim = claim_for(vejle_party, "30000", budget="40000")
    refused = hr["vejle"].post(
        f"/pools/claims/{vejle_claim.pk}/grant/", {"source": f"network:{pool.pk}"}
    )
    assert list(refused.context["grant_form"].errors) == ["source"]

    # Kolding agrees to the budget it was shown: the pool is active.
    response = hr["kolding"].post(f"{base}agree/?year={year}", {"budget": "50000.00"})
    assert response.status_code == 302
    page = hr["kolding"].get(f"{base}?year={year}")
    assert page.context["active"] is True
    assert [m["agreed"] for m in page.context["members"]] == [True, True]

    # Each grants its own claim from the shared pool.
    with django_capture_on_commit_callbacks(execute=True):
        hr["vejle"].post(f"/pools/claims/{vejle_claim.pk}/grant/", {"source": f"network:{pool.pk}"})
    # The applying leader hears of the decision; Kolding's HR, who carries
    # half, of the grant (amounts only, no swapper's name).
    assert sorted(m.to for m in mail.outbox) == [["hr@kolding.example"], ["leader@vejle.example"]]
    [told] = [m for m in mail.outbox if m.to == ["hr@kolding.example"]]
    assert "Job7" in told.subject
    assert "30.000,00" in told.body and "15.000,00" in told.body and "20.000,00" in told.body
    assert f"http://kolding.localhost{base}?year={year}" in told.body
    assert vejle_party.swapper.get_full_name() not in told.body
    mail.outbox.clear()
    kolding_claim = claim_for(kolding_party, "10000", budget="0", staff=world.kolding)
    hr["kolding"].post(
        f"/pools/claims/{kolding_claim.pk}/grant/",
        {"amount": "10000", "source": f"network:{pool.pk}"},
    )
    pool.refresh_from_db()
    assert (pool.committed, pool.left) == (Decimal("40000.00"), Decimal("10000.00"))
    with tenant_context(world.vejle.municipality):
        vejle_claim.refresh_from_db()
        assert (vejle_claim.status, vejle_claim.source) == (ClaimStatus.GRANTED, Source.NETWORK)
        assert Pool.objects.get().committed == 0  # Vejle's own pool is untouched
    grant = NetworkGrant.objects.get(pk=vejle_claim.network_grant_id)
    assert (grant.municipality, grant.granted_amount, grant.period) == (
        world.vejle.municipality,
        Decimal("30000.00"),
        "",
    )
    assert sorted(grant.shares.values_list("amount", flat=True)) == [Decimal("15000.00")] * 2
    # Not in the ledger before the use is recorded.
    assert selectors.ledger(pool.network) == []

    # Uses are recorded: 24,000 of Vejle's 30,000, all of Kolding's 10,000.
    hr["vejle"].post(f"/pools/claims/{vejle_claim.pk}/use/", {"used": "24000"})
    hr["kolding"].post(f"/pools/claims/{kolding_claim.pk}/use/", {"used": "10000"})
    pool.refresh_from_db()
    assert pool.committed == Decimal("34000.00")
    quarter = selectors.period_of(timezone.localdate())
    page = hr["kolding"].get(f"{base}?year={year}")
    [entry] = page.context["ledger"]
    # Kolding owes Vejle half of 24,000, Vejle owes Kolding half of 10,000: net 7,000.
    assert (entry.period, entry.settled) == (quarter, False)
    assert [(d.debtor.name, d.creditor.name, d.amount) for d in entry.debts] == [
        ("Kolding", "Vejle", Decimal("7000.00"))
    ]

    # The quarter has not ended: it cannot be settled yet.
    response = hr["kolding"].post(f"{base}settle/?year={year}", {"period": quarter}, follow=True)
    assert _messages(response)[-1] == "error"
    assert not Settlement.objects.exists()
    # Once it has, either member settles it, once; the others are told.
    year_, q = int(quarter[:4]), int(quarter[-1])
    after = date(year_ + (q == 4), 1 if q == 4 else q * 3 + 1, 5)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: after)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hr["kolding"].post(f"{base}settle/?year={year}", {"period": quarter})
    settlement = Settlement.objects.get()
    assert (settlement.period, settlement.settled_by) == (quarter, world.kolding.hr)
    assert [m.to for m in mail.outbox] == [["hr@vejle.example"]]
    again = hr["vejle"].post(f"{base}settle/?year={year}", {"period": quarter}, follow=True)
    assert _messages(again)[-1] == "error"
    assert Settlement.objects.count() == 1
    assert hr["vejle"].get(f"{base}?year={year}").context["ledger"][0].settled is True

    assert list(
        AuditEvent.objects.filter(target_type__startswith="network_pools.")
        .order_by("occurred_at", "pk")
        .values_list("action", flat=True)
    ) == [
        "network_pool.budget_set",
        "network_pool.agreed",
        "network_grant.created",
        "network_grant.created",
        "network_grant.used",
        "network_grant.used",
        "network_pool.settled",
    ]


def test_a_changed_budget_needs_everyone_again_and_never_goes_below_grants(
    world, hr, live_swap, claim_for
):
    swap, party = live_swap()
    year = swap.period_start.year
    network = Network.objects.get(slug="job7")
    base = "/pools/networks/job7/"
    pool = network_pool_set_budget(
        actor=world.vejle.hr, network=network, year=year, budget=Decimal(1000)
    )
    hr["kolding"].post(f"{base}agree/?year={year}", {"budget": "1000"})
    claim = claim_for(party, "600", budget="0")
    hr["vejle"].post(f"/pools/claims/{claim.pk}/grant/", {"source": f"network:{pool.pk}"})
    pool.refresh_from_db()
    assert pool.committed == Decimal("600.00")

    before = snapshot(NetworkPool.objects.all(), NetworkPoolConsent.objects.all())
    response = hr["kolding"].post(f"{base}budget/?year={year}", {"year": year, "budget": "599.99"})
    assert list(response.context["budget_form"].errors) == ["budget"]
    for budget in ("-1", "mange"):
        response = hr["kolding"].post(
            f"{base}budget/?year={year}", {"year": year, "budget": budget}
        )
        assert list(response.context["budget_form"].errors) == ["budget"]
    # Agreeing to a budget that is not the current one agrees to nothing.
    response = hr["kolding"].post(f"{base}agree/?year={year}", {"budget": "999"}, follow=True)
    assert _messages(response)[-1] == "error"
    assert snapshot(NetworkPool.objects.all(), NetworkPoolConsent.objects.all()) == before

    # Kolding raises it to 2,000: Vejle's agreement was to 1,000, so the pool
    # waits for Vejle again.
    hr["kolding"].post(f"{base}budget/?year={year}", {"year": year, "budget": "2000"})
    pool.refresh_from_db()
    assert pool.budget == Decimal("2000.00")
    assert not selectors.pool_is_active(pool)
    assert selectors.active_pools_for(world.vejle.municipality, year) == []
    hr["vejle"].post(f"{base}agree/?year={year}", {"budget": "2000.00"})
    assert selectors.pool_is_active(pool)


@isolation_case(
    "network_pools:agree", "network_pools:budget", "network_pools:network", "network_pools:settle"
)
def test_outsiders_see_no_network_pool_and_change_nothing(
    world, hr, client_for, outsider, live_swap, claim_for, isolated
):
    swap, party = live_swap()
    year = swap.period_start.year
    network = Network.objects.get(slug="job7")
    pool = network_pool_set_budget(
        actor=world.vejle.hr, network=network, year=year, budget=Decimal(5000)
    )
    aarhus = client_for(outsider, municipality=outsider.municipality)
    vejle_leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    vejle_employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    with isolated(
        NetworkPool.objects.all(),
        NetworkPoolConsent.objects.all(),
        NetworkGrant.objects.all(),
        NetworkGrantShare.objects.all(),
        Settlement.objects.all(),
    ):
        for client in (aarhus, vejle_leader, vejle_employee):
            assert_same_as_missing(
                client.get(f"/pools/networks/job7/?year={year}"),
                client.get(f"/pools/networks/no-such-network/?year={year}"),
            )
            for action, data in (
                ("budget", {"year": year, "budget": "1"}),
                ("agree", {"budget": "5000"}),
                ("settle", {"period": f"{year - 1}-Q1"}),
            ):
                assert_same_as_missing(
                    client.post(f"/pools/networks/job7/{action}/?year={year}", data),
                    client.post(f"/pools/networks/no-such-network/{action}/?year={year}", data),
                )
        # Aarhus' HR cannot use the services either.
        with pytest.raises(Network.DoesNotExist):
            network_pool_set_budget(actor=outsider, network=network, year=year, budget=Decimal(1))
        # Nor grant its own claims from Job7's pool: the pool id is not offered
        # and not accepted.

        with tenant_context(outsider.municipality), pytest.raises(ValidationError):
            network_grant_create(
                actor=outsider, pool_id=pool.pk, year=year, claim=None, party=party, amount=1
            )
    assert hr["kolding"].get(f"/pools/networks/job7/?year={year}").status_code == 200


@pytest.mark.parametrize(
    ("amount", "members", "shares"),
    [
        ("100.00", 3, ["33.34", "33.33", "33.33"]),
        ("0.01", 2, ["0.01", "0.00"]),
        ("0", 3, ["0", "0", "0"]),
        ("7000.00", 7, ["1000.00"] * 7),
    ],
)
def test_equal_shares_add_up_to_the_ore(amount, members, shares):
    result = split_equally(Decimal(amount), range(1, members + 1))
    assert [result[pk] for pk in range(1, members + 1)] == [Decimal(s) for s in shares]
    assert sum(result.values()) == Decimal(amount)


def test_periods():
    assert selectors.period_of(date(2027, 3, 31)) == "2027-Q1"
    assert selectors.period_of(date(2027, 4, 1)) == "2027-Q2"
    assert selectors.period_last_day("2027-Q4") == date(2027, 12, 31)
    assert selectors.period_last_day("2028-Q1") == date(2028, 3, 31)
    assert selectors.period_has_ended("2027-Q2", today=date(2027, 7, 1))
    assert not selectors.period_has_ended("2027-Q2", today=date(2027, 6, 30))


def test_odd_periods_and_budgets_are_refused_not_crashed(world, client_for):
    """Found in review: year 0, a trailing newline and "sNaN" gave 500s."""
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    for period in ("0000-Q1", "2020-Q1\n", "9999-Q4", "2020-Q5"):
        response = hr.post("/pools/networks/job7/settle/", {"period": period})
        assert response.status_code == 302, (period, response.status_code)
    assert not Settlement.objects.exists()

    year = timezone.localdate().year
    kolding = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    kolding.post(f"/pools/networks/job7/budget/?year={year}", {"year": year, "budget": "100000"})
    pool = NetworkPool.objects.get(year=year)
    for budget in ("sNaN", "NaN", "Infinity", "1e9999"):
        response = hr.post(f"/pools/networks/job7/agree/?year={year}", {"budget": budget})
        assert response.status_code == 302, (budget, response.status_code)
    # Nothing agreed on a budget that is not a number: only Kolding has agreed.
    assert list(pool.consents.values_list("municipality_id", flat=True)) == [
        world.kolding.municipality.pk
    ]


def test_only_this_and_later_years_wait_for_agreement(world, hr, client_for, outsider):
    """A budget proposed for a past year is not put on the other member's
    start page; this year's and next year's are — and on no outsider's."""
    year = timezone.localdate().year
    network = Network.objects.get(slug="job7")
    for each in (year - 1, year, year + 1):
        with tenant_context(world.vejle.municipality):
            network_pool_set_budget(
                actor=world.vejle.hr, network=network, year=each, budget=Decimal("1000")
            )
    start = hr["kolding"].get("/").content.decode()
    assert f"/pools/networks/job7/?year={year}" in start
    assert f"/pools/networks/job7/?year={year + 1}" in start
    assert f"/pools/networks/job7/?year={year - 1}" not in start
    aarhus = client_for(outsider, municipality=outsider.municipality).get("/")
    assert aarhus.status_code == 200 and "/pools/networks/job7/" not in aarhus.content.decode()
