"""Fixtures for the tests of joint courses and of the municipalities'
follow-up (courses/tests, courses/development/tests): a published course of
VIA offered to Job7, more employees, and a completed course."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from courses.models import Cohort, CohortModule, Course
from courses.services import (
    cohorts_complete_due,
    course_publish,
    course_save,
    module_add,
    nomination_accept,
    nomination_create,
)
from courses.tests.factories import course_data
from tests.matching_fixtures import person


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


@pytest.fixture
def completed(world, make_course):
    """Vejle's employee took a course (one cohort, min 1, max 2) whose last
    module ended 31 days ago: completed, with check-ins for them and their
    leader. → (the nomination, the last module's day)."""
    course = make_course(min_participants=1, max_participants=2)
    with tenant_context(world.vejle.municipality):
        n = nomination_create(actor=world.vejle.hr, course=course, participant=world.vejle.employee)
        nomination = nomination_accept(
            actor=world.vejle.employee, nomination=n, participant_change="x"
        )
    cohort = Cohort.objects.get()
    last = timezone.localdate() - timedelta(days=31)
    CohortModule.objects.filter(cohort=cohort).update(starts_on=last, ends_on=last)
    Cohort.objects.filter(pk=cohort.pk).update(status="confirmed")
    assert cohorts_complete_due() == 1
    return nomination, last
