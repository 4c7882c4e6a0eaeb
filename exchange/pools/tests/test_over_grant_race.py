"""The pool can never be over-granted: two HR users grant the last of the
budget at the same moment on two real connections (exactly one wins), and
the database's CHECK refuses a raw commitment beyond the budget even
without the service's lock."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from exchange.models import Application, Opening, Swap, SwapParty
from exchange.pools.models import ClaimStatus, Pool, WageClaim
from exchange.pools.services import claim_apply, claim_grant, pool_set_budget
from exchange.services import opening_create, opening_publish
from exchange.services.swaps import application_accept, application_submit, swap_involve_leader
from tenants.organisation.models import EmployeeProfile
from tests.exchange_fixtures import opening_data
from tests.matching_fixtures import person

GOALS = {"motivation": "m", "goal_self": "s", "goal_workplaces": "w", "goal_organisation": "o"}


@pytest.fixture
def race(session_world, django_db_blocker):
    """Committed for real: two Vejle swappers on live swaps into Kolding, a
    Vejle pool of 1,000 kr. and two claims of 800 kr. waiting for HR."""
    world = session_world
    started = timezone.now()
    with django_db_blocker.unblock():
        swappers = [
            person(
                world.vejle,
                f"poolracer{n}",
                {Role.EMPLOYEE},
                "jobcentre-caseworker",
                world.vejle.workplace_id,
                world.vejle.leader,
            )
            for n in (1, 2)
        ]
        with tenant_context(world.kolding.municipality):
            data = opening_data(world, capacity=2, workplace_unit_id=world.kolding.workplace_id)
            opening = opening_publish(
                actor=world.kolding.hr, opening=opening_create(actor=world.kolding.hr, data=data)
            )
        parties = []
        for swapper in swappers:
            application = application_submit(actor=swapper, opening=opening, **GOALS)
            with tenant_context(world.kolding.municipality):
                swap = application_accept(actor=world.kolding.hr, application=application)
            parties.append(swap_involve_leader(actor=swapper, party=swap.parties.get()))
        year = parties[0].swap.period_start.year
        with tenant_context(world.vejle.municipality):
            pool = pool_set_budget(actor=world.vejle.hr, year=year, budget=Decimal(1000))
            claims = [
                claim_apply(
                    actor=world.vejle.leader,
                    swap_id=p.swap_id,
                    party_id=p.pk,
                    days=4,
                    amount=Decimal(800),
                    reason="Vikar",
                )
                for p in parties
            ]
        yield world, pool, claims
        with tenant_context(world.vejle.municipality):
            WageClaim.objects.filter(pk__in=[c.pk for c in claims]).delete()
            Pool.objects.filter(pk=pool.pk).delete()

            EmployeeProfile.objects.filter(user__in=swappers).delete()
        swaps = [p.swap_id for p in parties]
        SwapParty.objects.filter(swap_id__in=swaps).delete()
        Swap.objects.filter(pk__in=swaps).delete()
        Application.objects.filter(opening=opening).delete()
        opening.professions.clear()
        opening.learning_tags.clear()
        Opening.objects.filter(pk=opening.pk).delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()
        User.objects.filter(pk__in=[u.pk for u in swappers]).delete()


def test_two_grants_race_for_the_last_of_the_budget(race, django_db_blocker):
    world, pool, claims = race
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def grant(claim):
        try:
            with tenant_context(world.vejle.municipality):
                barrier.wait(timeout=10)
                claim_grant(actor=world.vejle.hr, claim=claim)
            outcomes[claim.pk] = "granted"
        except ValidationError as error:
            outcomes[claim.pk] = " ".join(error.messages)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=grant, args=(c,)) for c in claims]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes.values())[-1] == "granted"
        refused = sorted(outcomes.values())[0]
        assert "200,00" in refused  # what is left, told to the loser
        with tenant_context(world.vejle.municipality):
            pool.refresh_from_db()
            statuses = sorted(
                WageClaim.objects.filter(pk__in=[c.pk for c in claims]).values_list(
                    "status", flat=True
                )
            )
        assert pool.committed == Decimal("800.00")
        assert statuses == [ClaimStatus.APPLIED, ClaimStatus.GRANTED]


def test_the_database_refuses_a_commitment_beyond_the_budget(race, django_db_blocker):
    world, pool, _claims = race
    barrier = threading.Barrier(2)
    outcomes = []

    def commit_without_lock():
        try:
            with tenant_context(world.vejle.municipality), transaction.atomic():
                barrier.wait(timeout=10)
                Pool.objects.filter(pk=pool.pk).update(committed=F("committed") + 800)
            outcomes.append("taken")
        except IntegrityError as error:
            assert "pool_never_over_granted" in str(error)
            outcomes.append("refused")
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=commit_without_lock) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["refused", "taken"]
        with tenant_context(world.vejle.municipality):
            pool.refresh_from_db()
        assert pool.committed == Decimal("800.00")
