"""Two acceptances racing for the last place, on two real database
connections: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from accounts.services import user_create
from audit.models import AuditEvent
from exchange.models import Application, Opening, OpeningStatus, Swap, SwapParty
from exchange.services import opening_create, opening_publish
from exchange.services.swaps import application_accept, application_submit
from tests.exchange_fixtures import opening_data

GOALS = {"motivation": "m", "goal_self": "s", "goal_workplaces": "w", "goal_organisation": "o"}


@pytest.fixture
def race(session_world, django_db_blocker):
    """An opening with one place and two applications, committed for real."""
    world = session_world
    with django_db_blocker.unblock():
        applicants = [
            user_create(
                actor=None,
                email=f"racer{n}@kolding.example",
                full_name=f"Racer {n}",
                roles={Role.EMPLOYEE},
                municipality=world.kolding.municipality,
            )
            for n in (1, 2)
        ]
        with tenant_context(world.vejle.municipality):
            opening = opening_create(actor=world.vejle.hr, data=opening_data(world, capacity=1))
            opening = opening_publish(actor=world.vejle.hr, opening=opening)
        applications = [application_submit(actor=a, opening=opening, **GOALS) for a in applicants]
        yield world, opening, applications
        swaps = list(Swap.objects.filter(opening=opening).values_list("pk", flat=True))
        SwapParty.objects.filter(swap_id__in=swaps).delete()
        Swap.objects.filter(pk__in=swaps).delete()
        Application.objects.filter(opening=opening).delete()
        targets = [
            str(opening.pk),
            *map(str, swaps),
            *(str(a.pk) for a in applications),
            *(str(u.pk) for u in applicants),
        ]
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(target_id__in=targets).delete()
        opening.professions.clear()
        opening.learning_tags.clear()
        Opening.objects.filter(pk=opening.pk).delete()
        User.objects.filter(pk__in=[u.pk for u in applicants]).delete()


def test_two_acceptances_race_for_the_last_place(race, django_db_blocker):
    world, opening, applications = race
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def accept(application):
        try:
            with tenant_context(world.vejle.municipality):
                barrier.wait(timeout=10)
                application_accept(actor=world.vejle.hr, application=application)
            outcomes[application.pk] = "accepted"
        except ValidationError as error:
            outcomes[application.pk] = " ".join(error.messages)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(outcomes) == 2
        assert list(outcomes.values()).count("accepted") == 1
        loser = next(text for text in outcomes.values() if text != "accepted")
        assert loser in ("The opening has no place left.", "Der er ikke flere ledige pladser.")
        opening.refresh_from_db()
        assert (opening.places_taken, opening.status) == (1, OpeningStatus.FILLED)
        assert Swap.objects.filter(opening=opening).count() == 1


def test_the_database_itself_refuses_a_second_taker(race, django_db_blocker):
    """Without the service's row lock: two connections add a swapper to the
    same one-place opening at once; the CHECK constraint lets exactly one in."""
    _world, opening, _applications = race
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take_place():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                Opening.objects.filter(pk=opening.pk).update(places_taken=F("places_taken") + 1)
            outcomes.append("taken")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=take_place) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["refused", "taken"]
        opening.refresh_from_db()
        assert opening.places_taken == 1
        Opening.objects.filter(pk=opening.pk).update(places_taken=0)
