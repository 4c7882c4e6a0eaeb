"""Never more participants than the maximum: concurrent approvals on real
connections for the last seat, and the database's own CHECK without the
service's lock."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from courses.development.models import Baseline
from courses.models import Cohort, CohortQuota, Course, Nomination, NominationStatus
from courses.services import (
    course_publish,
    course_save,
    module_add,
    nomination_accept,
    nomination_create,
)
from courses.tests.factories import course_data
from tenants.organisation.models import EmployeeProfile
from tests.matching_fixtures import person


@pytest.fixture
def race(session_world, django_db_blocker):
    """A committed course (min 2, max 2) with a cohort of one seat left
    free, and two Vejle nominees waiting for the employee's yes."""
    world = session_world
    started = timezone.now()
    with django_db_blocker.unblock():
        course = course_save(
            actor=world.provider_staff,
            data=course_data(
                title="Kapløb om sidste plads", min_participants=1, max_participants=2
            ),
        )
        module_add(actor=world.provider_staff, course=course, title="M", days=1, location="L")
        course = course_publish(actor=world.provider_staff, course=course)
        people = [
            person(
                world.vejle,
                f"race{n}",
                {Role.EMPLOYEE},
                "jobcentre-caseworker",
                world.vejle.workplace_id,
                world.vejle.leader,
            )
            for n in range(3)
        ]
        with tenant_context(world.vejle.municipality):
            first = nomination_create(actor=world.vejle.hr, course=course, participant=people[0])
            nomination_accept(actor=people[0], nomination=first, participant_change="x")
            waiting = [
                nomination_create(actor=world.vejle.hr, course=course, participant=p)
                for p in people[1:]
            ]
        cohort = Cohort.objects.get(course=course)
        assert (cohort.seated, cohort.capacity) == (1, 2)
        yield world, course, cohort, waiting, people
        Nomination.objects.filter(course=course).update(cohort=None, status="cancelled")
        CohortQuota.objects.filter(cohort__course=course).delete()
        for c in Cohort.objects.filter(course=course):
            c.modules.all().delete()
            c.delete()
        Nomination.objects.filter(course=course).delete()
        course.modules.all().delete()
        course.offered_to_networks.clear()
        Course.objects.filter(pk=course.pk).delete()
        with tenant_context(world.vejle.municipality):
            Baseline.objects.all().delete()
            EmployeeProfile.objects.filter(user__in=people).delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()
        User.objects.filter(pk__in=[p.pk for p in people]).delete()


def test_two_approvals_race_for_the_last_seat(race, django_db_blocker):
    world, _course, cohort, waiting, people = race
    barrier = threading.Barrier(2)
    outcomes = {}

    def accept(nomination, participant):
        try:
            with tenant_context(world.vejle.municipality):
                barrier.wait(timeout=10)
                nomination_accept(actor=participant, nomination=nomination, participant_change="y")
            outcomes[nomination.pk] = "ok"
        except Exception as error:
            outcomes[nomination.pk] = repr(error)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [
            threading.Thread(target=accept, args=(n, p))
            for n, p in zip(waiting, people[1:], strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert list(outcomes.values()) == ["ok", "ok"]  # both approved...
        cohort.refresh_from_db()
        assert cohort.seated == 2  # ...but only one got the last seat
        racers = Nomination.objects.filter(pk__in=[n.pk for n in waiting])
        in_first = [n for n in racers if n.cohort_id == cohort.pk]
        assert len(in_first) == 1
        # The other formed the next cohort (the minimum here is one).
        other = next(n for n in racers if n.cohort_id != cohort.pk)
        assert other.status == NominationStatus.SEATED and other.cohort.number == 2


def test_the_database_refuses_a_participant_over_the_maximum(race, django_db_blocker):
    _world, _course, cohort, _waiting, _people = race
    barrier = threading.Barrier(2)
    outcomes = []

    def take_seat():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                Cohort.objects.filter(pk=cohort.pk).update(seated=F("seated") + 1)
            outcomes.append("taken")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=take_seat) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["refused", "taken"]
        cohort.refresh_from_db()
        assert cohort.seated == 2
        Cohort.objects.filter(pk=cohort.pk).update(seated=1)
