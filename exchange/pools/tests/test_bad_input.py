"""Bad input to the pool: compensation beyond what is left, amounts that
are negative, zero or not numbers, more used than granted, a decline
without a reason, a budget below what is granted. Each gets a clear error,
the typed values are shown again, nothing is stored and no mail leaves."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.pools.forms import BudgetForm
from exchange.pools.models import ClaimStatus, Pool, WageClaim
from exchange.pools.services import (
    claim_apply,
    claim_decline,
    claim_grant,
    claim_record_use,
    pool_set_budget,
)
from exchange.services.swaps import swap_cancel
from tests.isolation import snapshot


@pytest.fixture
def vejle(world, client_for):
    return {
        "hr": client_for(world.vejle.hr, municipality=world.vejle.municipality),
        "leader": client_for(world.vejle.leader, municipality=world.vejle.municipality),
    }


def _state(world):
    with tenant_context(world.vejle.municipality):
        return snapshot(Pool.objects.all(), WageClaim.objects.all(), AuditEvent.objects.all())


def test_granting_beyond_what_is_left_is_refused_and_nothing_is_lost(
    world, vejle, live_swap, claim_for, isolated
):
    _s1, first_party = live_swap()
    _s2, second_party = live_swap()
    first = claim_for(first_party, "800", budget="1000")
    second = claim_for(second_party, "800")  # 1,000 was left when the leader applied
    with tenant_context(world.vejle.municipality):
        claim_grant(actor=world.vejle.hr, claim=first)
    typed = {"amount": "", "source": "own", "reason": "Vi har brug for det"}
    with isolated(lambda: _state(world)):
        response = vejle["hr"].post(f"/pools/claims/{second.pk}/grant/", typed)
    assert response.status_code == 200
    form = response.context["grant_form"]
    assert list(form.errors) == ["amount"]
    assert "200,00" in form.errors["amount"][0]  # how much is left, in Danish format
    assert form.data["reason"] == "Vi har brug for det"  # nothing typed is lost
    # A part that fits is granted.
    vejle["hr"].post(
        f"/pools/claims/{second.pk}/grant/", {"amount": "200", "source": "own", "reason": ""}
    )
    with tenant_context(world.vejle.municipality):
        assert Pool.objects.get().committed == Pool.objects.get().budget == Decimal("1000.00")
        second.refresh_from_db()
    assert (second.status, second.granted_amount) == (ClaimStatus.GRANTED, Decimal("200.00"))


@pytest.mark.parametrize(
    ("days", "amount", "field"),
    [
        ("10", "-100", "amount"),
        ("10", "0", "amount"),
        ("10", "mange penge", "amount"),
        ("10", "NaN", "amount"),
        ("10", "100.123", "amount"),
        ("10", "5000", "amount"),  # more than the 1,000 left
        ("0", "100", "days"),
        ("1000", "100", "days"),  # longer than the swap
        ("ti", "100", "days"),
    ],
)
def test_bad_applications_are_refused(world, vejle, live_swap, days, amount, field, isolated):
    swap, party = live_swap()
    with tenant_context(world.vejle.municipality):
        pool_set_budget(actor=world.vejle.hr, year=swap.period_start.year, budget=Decimal(1000))
    typed = {"days": days, "amount": amount, "reason": "Vikar"}
    with isolated(lambda: _state(world)):
        response = vejle["leader"].post(f"/pools/swaps/{swap.pk}/parties/{party.pk}/apply/", typed)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["form"].data["reason"] == "Vikar"


def test_the_services_refuse_what_a_form_would_not_send(world, live_swap):
    swap, party = live_swap()
    year = swap.period_start.year
    with tenant_context(world.vejle.municipality):
        with pytest.raises(ValidationError) as error:
            claim_apply(
                actor=world.vejle.leader,
                swap_id=swap.pk,
                party_id=party.pk,
                days=3,
                amount=Decimal(100),
                reason="x",
            )
        assert str(year) in error.value.messages[0]  # no budget for the year yet
        pool_set_budget(actor=world.vejle.hr, year=year, budget=Decimal(1000))
        before = snapshot(WageClaim.objects.all())
        for amount in (Decimal("-1"), Decimal("0"), Decimal("NaN"), Decimal("Infinity"), "100"):
            with pytest.raises(ValidationError) as error:
                claim_apply(
                    actor=world.vejle.leader,
                    swap_id=swap.pk,
                    party_id=party.pk,
                    days=3,
                    amount=amount,
                    reason="x",
                )
            assert list(error.value.message_dict) == ["amount"]
        with pytest.raises(ValidationError) as error:
            claim_apply(
                actor=world.vejle.leader,
                swap_id=swap.pk,
                party_id=party.pk,
                days=3,
                amount=Decimal(10),
                reason="  ",
            )
        assert list(error.value.message_dict) == ["reason"]
        assert snapshot(WageClaim.objects.all()) == before
        for budget in (Decimal("-1"), Decimal("NaN")):
            with pytest.raises(ValidationError) as error:
                pool_set_budget(actor=world.vejle.hr, year=year, budget=budget)
            assert list(error.value.message_dict) == ["budget"]
        with pytest.raises(ValidationError) as error:
            pool_set_budget(actor=world.vejle.hr, year=year + 50, budget=Decimal(1))
        assert list(error.value.message_dict) == ["year"]
        assert Pool.objects.get().budget == Decimal("1000.00")


def test_decisions_and_use_with_bad_input(world, vejle, live_swap, claim_for, isolated):
    _swap, party = live_swap()
    claim = claim_for(party, "600", budget="1000")
    hr = vejle["hr"]

    with isolated(lambda: _state(world)):
        # Declining needs a reason.
        response = hr.post(f"/pools/claims/{claim.pk}/decline/", {"reason": "   "})
        assert (response.status_code, list(response.context["decline_form"].errors)) == (
            200,
            ["reason"],
        )
        # Granting more than applied for, or a negative or non-numeric amount.
        for amount in ("601", "-5", "0", "seks hundrede"):
            response = hr.post(
                f"/pools/claims/{claim.pk}/grant/", {"amount": amount, "source": "own"}
            )
            assert list(response.context["grant_form"].errors) == ["amount"], amount
        # A source the municipality has no part in.
        response = hr.post(f"/pools/claims/{claim.pk}/grant/", {"source": "network:999999"})
        assert list(response.context["grant_form"].errors) == ["source"]
        # Recording use before the grant.
        with tenant_context(world.vejle.municipality), pytest.raises(ValidationError):
            claim_record_use(actor=world.vejle.hr, claim=claim, used=Decimal(1))

    hr.post(f"/pools/claims/{claim.pk}/grant/", {"amount": "500", "source": "own"})
    with isolated(lambda: _state(world)):
        # Deciding again, more used than granted, a negative use; a budget below
        # what is granted.
        response = hr.post(
            f"/pools/claims/{claim.pk}/decline/", {"reason": "Alligevel ikke"}, follow=True
        )
        # (the grant's own success message is still queued before it)
        assert [m.level_tag for m in response.context["messages"]] == ["success", "error"]
        assert "decline_form" not in response.context
        for used in ("500.01", "-1", "fem"):
            response = hr.post(f"/pools/claims/{claim.pk}/use/", {"used": used})
            assert list(response.context["use_form"].errors) == ["used"], used
        year = claim.pool.year
        response = hr.post("/pools/budget/", {"year": year, "budget": "499.99"})
        assert (response.status_code, list(response.context["budget_form"].errors)) == (
            200,
            ["budget"],
        )
        assert "500,00" in response.context["budget_form"].errors["budget"][0]
        for budget in ("-1", "meget"):
            response = hr.post("/pools/budget/", {"year": year, "budget": budget})
            assert list(response.context["budget_form"].errors) == ["budget"]
        with tenant_context(world.vejle.municipality), pytest.raises(ValidationError):
            claim_decline(actor=world.vejle.hr, claim=claim, reason="Igen")

    # Recording exactly the granted amount is fine, and only once.
    assert hr.post(f"/pools/claims/{claim.pk}/use/", {"used": "500"}).status_code == 302
    with tenant_context(world.vejle.municipality):
        with pytest.raises(ValidationError):
            claim_record_use(actor=world.vejle.hr, claim=claim, used=Decimal(400))
        claim.refresh_from_db()
        assert claim.used_amount == Decimal("500.00")
        assert Pool.objects.get().committed == Decimal("500.00")


def test_one_live_claim_per_swapper(world, live_swap, claim_for):
    _swap, party = live_swap()
    claim_for(party, "100", budget="1000")
    with pytest.raises(ValidationError):
        claim_for(party, "100")
    with tenant_context(world.vejle.municipality):
        assert WageClaim.objects.filter(party_id=party.pk).count() == 1


def test_a_claim_for_a_cancelled_swap_cannot_be_granted(world, live_swap, claim_for):
    swap, party = live_swap()
    claim = claim_for(party, "100", budget="1000")
    swap_cancel(actor=world.vejle.employee, swap=swap, reason="Syg")
    with tenant_context(world.vejle.municipality):
        with pytest.raises(ValidationError):
            claim_grant(actor=world.vejle.hr, claim=claim)
        claim.refresh_from_db()
        assert (claim.status, Pool.objects.get().committed) == (ClaimStatus.APPLIED, 0)
        # Declining it still works.
        claim_decline(actor=world.vejle.hr, claim=claim, reason="Jobbyttet er aflyst")


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("da", "12.500,00", Decimal("12500.00")),
        ("da", "1.250.000", Decimal("1250000")),
        ("da", " 12 500,5 ", Decimal("12500.5")),
        ("da", "12500,00", Decimal("12500.00")),
        ("da", "12.500", Decimal("12500")),  # twelve thousand five hundred, as a Dane reads it
        ("en", "12,500.00", Decimal("12500.00")),
        ("en", "12500.25", Decimal("12500.25")),
        ("da", "12.50.0", None),
        ("da", "1.2345,00", None),
        ("da", "12,500.00", None),
        ("en", "12.500,00", None),
    ],
)
def test_amounts_are_read_as_the_pages_show_them(language, typed, value):
    """The pages show 12.500,00 kr. in Danish; typing it back is accepted,
    and a number with misplaced separators is refused, not guessed."""
    with translation.override(language):
        form = BudgetForm({"year": "2026", "budget": typed})
        if value is None:
            assert not form.is_valid() and list(form.errors) == ["budget"]
        else:
            assert form.is_valid(), form.errors
            assert form.cleaned_data["budget"] == value
