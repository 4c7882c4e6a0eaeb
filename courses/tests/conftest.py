"""Fixtures for joint-course tests: a published course of VIA offered to
Job7, more employees, and helpers to act through HTTP on each site."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from courses.models import Course
from courses.services import CourseData, course_publish, course_save, module_add
from tenants.models import Network
from tests.matching_fixtures import person


def course_data(**overrides) -> CourseData:
    values = dict(
        title="Samtaler der flytter ledige",
        description="Tre moduler om samtaler med ledige: motivation, mål og opfølgning.",
        target_group="Jobkonsulenter og virksomhedskonsulenter i jobcentre.",
        price_per_participant=Decimal("9500"),
        cancellation_rule="Gratis afbud indtil 30 dage før første modul; derefter fuld pris.",
        min_participants=3,
        max_participants=4,
        competence_tags=[],
        offered_to_networks=[Network.objects.get(slug="job7")],
        offered_to_municipalities=[],
        seat_release_days=14,
    )
    values.update(overrides)
    return CourseData(**values)


@pytest.fixture
def make_course(world):
    def make(publish=True, modules=2, **overrides) -> Course:
        course = course_save(actor=world.provider_staff, data=course_data(**overrides))
        for n in range(1, modules + 1):
            module_add(
                actor=world.provider_staff,
                course=course,
                title=f"Modul {n}",
                days=3 if n == 1 else 2,
                location="VIA, Campus Horsens",
            )
        if publish:
            course = course_publish(actor=world.provider_staff, course=course)
        return course

    return make


@pytest.fixture
def employee(world):
    """employee(staff, local) → a caseworker at the staff's first workplace,
    led by its leader."""

    def make(staff, local):
        return person(
            staff,
            local,
            {Role.EMPLOYEE},
            "jobcentre-caseworker",
            staff.workplace_id,
            staff.leader,
        )

    return make


def in_schema(municipality):
    return tenant_context(municipality)
