"""Cohorts form themselves, seats are split fairly, freed seats wait for a
substitute from the same municipality until the release day; bad input is
refused with nothing half-stored."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from courses.models import (
    Cohort,
    CohortModule,
    CohortQuota,
    CohortStatus,
    Course,
    Nomination,
    NominationStatus,
)
from courses.services import (
    ModuleDates,
    assignment_create,
    cohort_set_dates,
    cohorts_form_all,
    course_publish,
    nomination_accept,
    nomination_cancel,
    nomination_create,
    nomination_substitute,
    seats_release_due,
)


def _approved(world, staff, participant, course):
    with tenant_context(staff.municipality):
        nomination = nomination_create(actor=staff.hr, course=course, participant=participant)
        return nomination_accept(actor=participant, nomination=nomination, participant_change="x")


def _people(world, employee, staff, n, prefix):
    return [employee(staff, f"{prefix}{i}") for i in range(n)]


def test_a_cohort_forms_at_the_deciding_approval_and_later_demand_waits(
    world, make_course, employee
):
    course = make_course(min_participants=4, max_participants=4)
    vejle_people = _people(world, employee, world.vejle, 4, "v")
    # Vejle fills three first; nothing forms before the fourth approval.
    for user in vejle_people[:3]:
        _approved(world, world.vejle, user, course)
    assert not Cohort.objects.exists()
    kolding_people = _people(world, employee, world.kolding, 2, "k")
    _approved(world, world.kolding, kolding_people[0], course)
    cohort = Cohort.objects.get()  # formed at once by the fourth approval
    assert cohort.seated == 4
    # More demand than seats for the next cohort: Vejle 1 + Kolding 1 waiting...
    _approved(world, world.vejle, vejle_people[3], course)
    _approved(world, world.kolding, kolding_people[1], course)
    assert Cohort.objects.count() == 1  # the first is full; two wait for the next
    assert Nomination.objects.filter(status=NominationStatus.APPROVED).count() == 2


def test_demand_above_the_maximum_is_split_in_proportion(world, make_course, employee):
    course = make_course(min_participants=3, max_participants=3, publish=False)
    vejle_people = _people(world, employee, world.vejle, 4, "v")
    kolding_people = _people(world, employee, world.kolding, 1, "k")
    # Approvals collected while the minimum is not checked: publish, then
    # approve all five inside one transaction with forming deferred.
    course = course_publish(actor=world.provider_staff, course=course)
    with mock.patch("courses.services.nominations.cohorts_form"):
        for user in vejle_people:
            _approved(world, world.vejle, user, course)
        for user in kolding_people:
            _approved(world, world.kolding, user, course)
    assert cohorts_form_all() == 1
    cohort = Cohort.objects.get()
    quotas = dict(CohortQuota.objects.values_list("municipality_id", "seats"))
    # One seat each, the last by proportion of the rest (Vejle 3, Kolding 0).
    assert quotas == {world.vejle.municipality.pk: 2, world.kolding.municipality.pk: 1}
    seated = Nomination.objects.filter(cohort=cohort)
    assert {n.participant_id for n in seated} == {
        vejle_people[0].pk,
        vejle_people[1].pk,
        kolding_people[0].pk,
    }  # first come within Vejle
    left = Nomination.objects.filter(status=NominationStatus.APPROVED)
    assert {n.participant_id for n in left} == {vejle_people[2].pk, vejle_people[3].pk}
    assert all(n.priority for n in left)


def test_a_freed_seat_waits_for_a_substitute_until_the_release_day(
    world, make_course, employee, mailoutbox, delivered
):
    course = make_course(min_participants=2, max_participants=2)
    v1, v2, v3 = _people(world, employee, world.vejle, 3, "v")
    (k1,) = _people(world, employee, world.kolding, 1, "k")
    _approved(world, world.vejle, v1, course)
    _approved(world, world.kolding, k1, course)
    cohort = Cohort.objects.get()
    start = timezone.localdate() + timedelta(days=30)
    modules = list(cohort.modules.order_by("module__position"))
    cohort_set_dates(
        actor=world.provider_staff,
        cohort=cohort,
        dates=[
            ModuleDates(modules[0].pk, start, start + timedelta(days=2), ""),
            ModuleDates(modules[1].pk, start + timedelta(days=14), start + timedelta(days=15), ""),
        ],
    )
    cohort.refresh_from_db()
    v1_nomination = Nomination.objects.get(participant=v1)
    mailoutbox.clear()
    with delivered(), tenant_context(world.vejle.municipality):
        nomination_cancel(actor=v1, nomination=v1_nomination, reason="Syg")
    assert world.vejle.hr.email in {m.to[0] for m in mailoutbox}
    cohort.refresh_from_db()
    assert cohort.seated == 1
    # A Kolding nominee may not take Vejle's seat before the release day...
    (k2,) = _people(world, employee, world.kolding, 1, "kk")
    k2_nomination = _approved(world, world.kolding, k2, course)
    k2_nomination.refresh_from_db()
    assert k2_nomination.status == NominationStatus.APPROVED
    # ...but Vejle's substitute may.
    v2_nomination = _approved(world, world.vejle, v2, course)
    v2_nomination.refresh_from_db()
    assert v2_nomination.status == NominationStatus.SEATED  # seated at once into Vejle's seat
    cohort.refresh_from_db()
    assert cohort.seated == 2
    # HR's explicit substitute must be an approved nominee of their own.
    with tenant_context(world.vejle.municipality):
        v3_nomination = nomination_create(actor=world.vejle.hr, course=course, participant=v3)
    with pytest.raises(ValidationError):
        nomination_substitute(actor=world.vejle.hr, cohort=cohort, substitute=v3_nomination)
    with pytest.raises(Nomination.DoesNotExist):
        nomination_substitute(actor=world.vejle.hr, cohort=cohort, substitute=k2_nomination)
    # After a cancellation and the release day, the seat goes to anyone waiting.
    with tenant_context(world.vejle.municipality):
        nomination_cancel(actor=world.vejle.hr, nomination=v2_nomination, reason="Ny stilling")
    assert seats_release_due(today=cohort.release_on - timedelta(days=1)) == 0
    assert seats_release_due(today=cohort.release_on) == 1
    k2_nomination.refresh_from_db()
    assert (k2_nomination.status, k2_nomination.cohort_id) == (NominationStatus.SEATED, cohort.pk)


def test_bad_input_is_refused_and_nothing_half_stored(world, make_course, employee, client_for):
    provider = client_for(world.provider_staff)
    response = provider.post(
        "/courses/new/",
        {
            "title": "X",
            "description": "d",
            "target_group": "t",
            "price_per_participant": "100",
            "cancellation_rule": "c",
            "min_participants": "10",
            "max_participants": "4",
            "seat_release_days": "14",
        },
    )
    assert response.status_code == 200
    assert "Minimum kan ikke være større end maksimum." in response.content.decode()
    assert not Course.objects.exists()
    course = make_course(min_participants=1, max_participants=2)
    # Nominating someone of another municipality.
    with tenant_context(world.vejle.municipality), pytest.raises(ValidationError):
        nomination_create(actor=world.vejle.hr, course=course, participant=world.kolding.employee)
    # A module of four days.
    bad = provider.post(
        f"/courses/{course.pk}/module/", {"title": "M", "days": "4", "location": "L"}
    )
    assert bad.status_code == 302 and course.modules.count() == 2
    # Confirming with a module missing its dates changes nothing.
    v1 = employee(world.vejle, "v1")
    _approved(world, world.vejle, v1, course)
    cohort = Cohort.objects.get()
    modules = list(cohort.modules.order_by("module__position"))
    start = timezone.localdate() + timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        cohort_set_dates(
            actor=world.provider_staff,
            cohort=cohort,
            dates=[ModuleDates(modules[0].pk, start, start, "")],
        )
    assert f"module_{modules[1].pk}" in refused.value.message_dict
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.TENTATIVE
    assert not cohort.modules.exclude(starts_on=None).exists()
    # Modules out of order, or longer than the module lasts.
    with pytest.raises(ValidationError):
        cohort_set_dates(
            actor=world.provider_staff,
            cohort=cohort,
            dates=[
                ModuleDates(modules[0].pk, start, start + timedelta(days=5), ""),
                ModuleDates(
                    modules[1].pk, start - timedelta(days=3), start - timedelta(days=2), ""
                ),
            ],
        )
    assert not cohort.modules.exclude(starts_on=None).exists()


def test_found_in_review(world, make_course, employee, mailoutbox, delivered):
    """A free seat in a later cohort is filled; dates of a begun module stay
    while later ones can move; HR cannot nominate themselves; a newcomer to a
    confirmed cohort gets the dates; assignments are not due in the past."""
    course = make_course(min_participants=1, max_participants=1)
    v1, v2 = _people(world, employee, world.vejle, 2, "v")
    _approved(world, world.vejle, v1, course)
    first = Cohort.objects.get()
    # HR nominating themselves is refused: their own wish goes through a leader.
    with tenant_context(world.vejle.municipality), pytest.raises(ValidationError):
        nomination_create(actor=world.vejle.hr, course=course, participant=world.vejle.hr)
    # Cohort 1 full; v2 forms cohort 2 (minimum one).
    _approved(world, world.vejle, v2, course)
    assert Cohort.objects.count() == 2
    # Cohort 2 confirmed; then v2 cancels and a newcomer takes the freed seat
    # in cohort 2 and is told the dates.
    second = Cohort.objects.get(number=2)
    start = timezone.localdate() + timedelta(days=30)
    modules = list(second.modules.order_by("module__position"))
    cohort_set_dates(
        actor=world.provider_staff,
        cohort=second,
        dates=[
            ModuleDates(modules[0].pk, start, start + timedelta(days=2), ""),
            ModuleDates(modules[1].pk, start + timedelta(days=20), start + timedelta(days=21), ""),
        ],
    )
    with tenant_context(world.vejle.municipality):
        nomination_cancel(
            actor=world.vejle.hr, nomination=Nomination.objects.get(participant=v2), reason="Syg"
        )
    (v3,) = _people(world, employee, world.vejle, 1, "w")
    mailoutbox.clear()
    with delivered():
        newcomer = _approved(world, world.vejle, v3, course)
    newcomer.refresh_from_db()
    assert newcomer.cohort_id == second.pk and first.seated == 1
    dates_mail = next(m for m in mailoutbox if m.to == [v3.email] and "calendar.ics" in m.body)
    assert f"{start.day}." in dates_mail.body
    assert world.vejle.leader.email in {m.to[0] for m in mailoutbox}
    # The first module has begun: its dates stay, the second may still move.
    CohortModule.objects.filter(pk=modules[0].pk).update(
        starts_on=timezone.localdate() - timedelta(days=1),
        ends_on=timezone.localdate() + timedelta(days=1),
    )
    modules[0].refresh_from_db()
    moved = start + timedelta(days=25)
    cohort_set_dates(
        actor=world.provider_staff,
        cohort=second,
        dates=[
            ModuleDates(modules[0].pk, modules[0].starts_on, modules[0].ends_on, ""),
            ModuleDates(modules[1].pk, moved, moved + timedelta(days=1), ""),
        ],
    )
    modules[1].refresh_from_db()
    assert modules[1].starts_on == moved and modules[1].sequence == 2
    with pytest.raises(ValidationError):
        cohort_set_dates(
            actor=world.provider_staff,
            cohort=second,
            dates=[
                ModuleDates(modules[0].pk, start, start + timedelta(days=2), ""),
                ModuleDates(modules[1].pk, moved, moved + timedelta(days=1), ""),
            ],
        )
    with pytest.raises(ValidationError) as refused:
        assignment_create(
            actor=world.provider_staff,
            cohort=second,
            after_module=modules[0],
            title="Opgave",
            instructions="Gør noget",
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert "due_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        assignment_create(
            actor=world.provider_staff,
            cohort=first,  # tentative: no dates yet
            after_module=first.modules.first(),
            title="Opgave",
            instructions="Gør noget",
            due_on=timezone.localdate() + timedelta(days=40),
        )
