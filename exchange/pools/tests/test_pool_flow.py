"""The wage-compensation pool end to end through HTTP on Vejle's site: HR
sets the budget, the swapper's own leader applies from the swap's page, HR
grants part of it, records what was used, and declines another claim with a
reason; the pool shows budget, granted, used and left; mails go to whoever
must act, and every change is audited in Vejle's own schema."""

from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.pools.models import ClaimStatus, Pool, Source, WageClaim


@pytest.fixture
def sites(world, client_for):
    vejle = world.vejle.municipality
    return {
        "hr": client_for(world.vejle.hr, municipality=vejle),
        "leader": client_for(world.vejle.leader, municipality=vejle),
        "host_leader": client_for(world.kolding.leader, municipality=world.kolding.municipality),
    }


def test_budget_claim_grant_use_and_decline(
    world, sites, live_swap, django_capture_on_commit_callbacks
):
    swap, party = live_swap()
    year = swap.period_start.year
    hr, leader = sites["hr"], sites["leader"]

    # HR finds the pool from the start page and sets the year's budget
    # (a decimal comma, as Danish users type it).
    assert "/pools/" in hr.get("/").content.decode()
    response = hr.post("/pools/budget/", {"year": year, "budget": "100000,00"})
    assert (response.status_code, response["Location"]) == (302, f"/pools/?year={year}")

    # The swapper's own leader finds the application on the swap's page; the
    # receiving leader does not.
    apply_url = f"/pools/swaps/{swap.pk}/parties/{party.pk}/apply/"
    assert apply_url in leader.get(f"/exchange/swaps/{swap.pk}/").content.decode()
    assert apply_url not in sites["host_leader"].get(f"/exchange/swaps/{swap.pk}/").content.decode()
    assert leader.get(apply_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(
            apply_url, {"days": 10, "amount": "30000", "reason": "Vikar i Jobafklaring"}
        )
    with tenant_context(world.vejle.municipality):
        claim = WageClaim.objects.get(swap_id=swap.pk)
    assert response["Location"] == f"/pools/claims/{claim.pk}/"
    assert (claim.status, claim.amount, claim.days, claim.applicant_id) == (
        ClaimStatus.APPLIED,
        Decimal("30000.00"),
        10,
        world.vejle.leader.pk,
    )
    assert [m.to for m in mail.outbox] == [["hr@vejle.example"]]
    assert f"http://vejle.localhost/pools/claims/{claim.pk}/" in mail.outbox[0].body
    mail.outbox.clear()

    # HR sees it waiting, and grants 25,000 of the 30,000 from the own pool.
    assert f"/pools/claims/{claim.pk}/" in hr.get("/").content.decode()
    assert hr.get(f"/pools/claims/{claim.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            f"/pools/claims/{claim.pk}/grant/",
            {"amount": "25000", "source": "own", "reason": "Vikar i 10 dage, 2.500 kr. om dagen"},
        )
    assert response.status_code == 302
    with tenant_context(world.vejle.municipality):
        claim.refresh_from_db()
        assert (claim.status, claim.granted_amount, claim.source, claim.decided_by_id) == (
            ClaimStatus.GRANTED,
            Decimal("25000.00"),
            Source.OWN,
            world.vejle.hr.pk,
        )
        assert Pool.objects.get(year=year).committed == Decimal("25000.00")
    assert [m.to for m in mail.outbox] == [["leader@vejle.example"]]
    assert f"http://vejle.localhost/pools/claims/{claim.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    # The applicant follows their claim.
    assert leader.get(f"/pools/claims/{claim.pk}/").status_code == 200

    # After the swap: 20,000 was used; the other 5,000 returns to the pool.
    assert hr.post(f"/pools/claims/{claim.pk}/use/", {"used": "20000"}).status_code == 302
    page = hr.get(f"/pools/?year={year}")
    summary = page.context["summary"]
    assert (summary.budget, summary.granted, summary.used, summary.left) == (
        Decimal("100000.00"),
        Decimal("25000.00"),
        Decimal("20000.00"),
        Decimal("80000.00"),
    )
    assert [c.pk for c in page.context["claims"]] == [claim.pk]

    # A second swap: its claim is declined with a reason, which the leader is told.
    swap2, party2 = live_swap()
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(
            f"/pools/swaps/{swap2.pk}/parties/{party2.pk}/apply/",
            {"days": 5, "amount": "12500.50", "reason": "Travlt i perioden"},
        )
    mail.outbox.clear()
    with tenant_context(world.vejle.municipality):
        second = WageClaim.objects.get(swap_id=swap2.pk)
    assert second.amount == Decimal("12500.50")
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/pools/claims/{second.pk}/decline/", {"reason": "Kollegerne dækker"})
    with tenant_context(world.vejle.municipality):
        second.refresh_from_db()
        assert (second.status, second.decision_reason, second.granted_amount) == (
            ClaimStatus.DECLINED,
            "Kollegerne dækker",
            None,
        )
        assert Pool.objects.get(year=year).committed == Decimal("20000.00")
        actions = list(
            AuditEvent.objects.filter(target_type__startswith="pools.")
            .order_by("occurred_at", "pk")
            .values_list("action", "actor_id")
        )
    assert [m.to for m in mail.outbox] == [["leader@vejle.example"]]
    assert "Kollegerne dækker" in mail.outbox[0].body
    assert actions == [
        ("pool.budget_set", world.vejle.hr.pk),
        ("wage_claim.applied", world.vejle.leader.pk),
        ("wage_claim.granted", world.vejle.hr.pk),
        ("wage_claim.use_recorded", world.vejle.hr.pk),
        ("wage_claim.applied", world.vejle.leader.pk),
        ("wage_claim.declined", world.vejle.hr.pk),
    ]
    # Nothing of the pool reaches the public schema's audit trail.
    assert not AuditEvent.objects.filter(target_type__startswith="pools.").exists()


def test_the_leader_withdraws_before_hr_decides_and_may_apply_again(
    world, sites, live_swap, claim_for
):
    _swap, party = live_swap()
    claim = claim_for(party, "4000", budget="10000")
    assert sites["leader"].post(f"/pools/claims/{claim.pk}/withdraw/").status_code == 302
    with tenant_context(world.vejle.municipality):
        claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    # A withdrawn claim no longer blocks a new one for the same swap.
    again = claim_for(party, "3000")
    assert again.status == ClaimStatus.APPLIED
    # HR cannot withdraw the leader's claim (only the applicant can).
    sites["hr"].post(f"/pools/claims/{again.pk}/withdraw/")
    with tenant_context(world.vejle.municipality):
        again.refresh_from_db()
    assert again.status == ClaimStatus.APPLIED
