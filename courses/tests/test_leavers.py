"""A person who leaves (accounts.hooks.account_deactivated): their live
course nominations end with the reason — asked for, awaiting them, in the
demand, seated in a cohort not begun (the seat freed for a substitute) and
seated in a cohort that has begun (the participation ends; what was
attended stays) — and the others concerned are told. A completed course
stays completed."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.hooks import what_leaving_withdraws
from audit.models import AuditEvent
from courses.models import Attendance, Cohort, CohortModule, Nomination, NominationStatus
from courses.services import (
    cohorts_complete_due,
    nomination_accept,
    nomination_create,
    nomination_request,
)
from tenants.organisation.models import EmployeeProfile
from tenants.organisation.services import employee_deactivate

REASON = "Fratrådt 31. december"


def test_every_live_nomination_ends_and_the_others_are_told(
    world, make_course, employee, mailoutbox, delivered
):
    vejle = world.vejle
    leaver = employee(vejle, "lea")
    today = timezone.localdate()

    def approved(course):
        with tenant_context(vejle.municipality):
            n = nomination_create(actor=vejle.hr, course=course, participant=leaver)
            return nomination_accept(actor=leaver, nomination=n, participant_change="x")

    # Completed before: stays completed.
    done_course = make_course(title="Gennemført", min_participants=1, max_participants=2)
    done = approved(done_course)
    ended = today - timedelta(days=10)
    done_cohort = Cohort.objects.get(course=done_course)
    CohortModule.objects.filter(cohort=done_cohort).update(starts_on=ended, ends_on=ended)
    Cohort.objects.filter(pk=done_cohort.pk).update(status="confirmed")
    assert cohorts_complete_due() == 1

    with tenant_context(vejle.municipality):
        asked = nomination_request(
            actor=leaver, course=make_course(title="Bedt om"), participant_change="x"
        )
        awaiting = nomination_create(
            actor=vejle.leader, course=make_course(title="Venter"), participant=leaver
        )
    in_demand = approved(make_course(title="I efterspørgslen", min_participants=3))
    not_begun = approved(make_course(title="Ikke begyndt", min_participants=1, max_participants=2))
    running = approved(make_course(title="I gang", min_participants=1, max_participants=2))
    running_cohort = Cohort.objects.get(course__title="I gang")
    first, second = running_cohort.modules.order_by("module__position")
    CohortModule.objects.filter(pk=first.pk).update(
        starts_on=today - timedelta(days=3), ends_on=today - timedelta(days=1)
    )
    CohortModule.objects.filter(pk=second.pk).update(
        starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=21)
    )
    Cohort.objects.filter(pk=running_cohort.pk).update(status="confirmed")
    Attendance.objects.create(nomination=running, cohort_module=first, present=True)
    not_begun_cohort = Cohort.objects.get(course__title="Ikke begyndt")
    assert [Cohort.objects.get(pk=c.pk).seated for c in (not_begun_cohort, running_cohort)] == [
        1,
        1,
    ]
    assert what_leaving_withdraws(leaver) == [
        "Indstillingen til “Bedt om”",
        "Indstillingen til “Venter”",
        "Indstillingen til “I efterspørgslen”",
        f"Pladsen i “Ikke begyndt”, hold {not_begun_cohort.number} (frigives til en afløser)",
        f"Deltagelsen i “I gang”, hold {running_cohort.number}, som er begyndt "
        "(den ophører; det deltagede står fortsat registreret)",
    ]
    mailoutbox.clear()

    with delivered(), tenant_context(vejle.municipality):
        employee_deactivate(
            actor=vejle.hr,
            profile=EmployeeProfile.objects.get(user_id=leaver.pk),
            reason=REASON,
        )

    ended_now = {n.pk: n for n in Nomination.objects.filter(participant=leaver)}
    for nomination in (asked, awaiting, in_demand, not_begun, running):
        n = ended_now[nomination.pk]
        assert (n.status, n.reason, n.cohort_id, n.ended_at is not None) == (
            NominationStatus.CANCELLED,
            REASON,
            None,
            True,
        ), nomination
    assert ended_now[done.pk].status == NominationStatus.COMPLETED
    assert [Cohort.objects.get(pk=c.pk).seated for c in (not_begun_cohort, running_cohort)] == [
        0,
        0,
    ]
    # What was attended stays on record.
    assert list(
        Attendance.objects.filter(nomination=running).values_list("present", flat=True)
    ) == [True]
    events = {
        int(target): (actor, data)
        for target, actor, data in AuditEvent.objects.filter(
            action="nomination.withdrawn_leaver"
        ).values_list("target_id", "actor_id", "data")
    }
    assert events == {
        asked.pk: (vejle.hr.pk, {"reason": REASON, "cohort": None, "cohort_begun": False}),
        awaiting.pk: (vejle.hr.pk, {"reason": REASON, "cohort": None, "cohort_begun": False}),
        in_demand.pk: (vejle.hr.pk, {"reason": REASON, "cohort": None, "cohort_begun": False}),
        not_begun.pk: (
            vejle.hr.pk,
            {"reason": REASON, "cohort": not_begun_cohort.pk, "cohort_begun": False},
        ),
        running.pk: (
            vejle.hr.pk,
            {"reason": REASON, "cohort": running_cohort.pk, "cohort_begun": True},
        ),
    }
    # The leader (who was asked, who nominated, whose employee it is) for
    # each; the provider for each seat; not the leaver, not HR who acted.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("leader@vejle.example", "En deltagelse i “Bedt om” er trukket tilbage"),
        ("leader@vejle.example", "En deltagelse i “I efterspørgslen” er trukket tilbage"),
        ("leader@vejle.example", "En deltagelse i “I gang” er trukket tilbage"),
        ("leader@vejle.example", "En deltagelse i “Ikke begyndt” er trukket tilbage"),
        ("leader@vejle.example", "En deltagelse i “Venter” er trukket tilbage"),
        ("teacher@via.example", "En deltager har meldt afbud"),
        ("teacher@via.example", "En deltager har meldt afbud"),
    ]
    about_running = next(m for m in mailoutbox if "“I gang”" in m.subject)
    assert (
        "Deltagelsen for Kollega lea i “I gang” er trukket tilbage: "
        "Kollega lea er fratrådt i Vejle Kommune."
    ) in about_running.body
    assert f"Den angivne begrundelse: {REASON}" in about_running.body
    assert (
        f"Hold {running_cohort.number} er begyndt, så pladsen tilbydes ikke til andre"
        in about_running.body
    )
    about_seat = next(m for m in mailoutbox if "“Ikke begyndt”" in m.subject)
    assert f"Pladsen på hold {not_begun_cohort.number} er ledig for en afløser" in about_seat.body
    assert what_leaving_withdraws(leaver) == []


def test_a_freed_seat_in_a_cohort_not_begun_is_announced_to_other_hr(
    world, make_course, employee, mailoutbox, delivered
):
    """When someone else deactivates (here the platform), HR hears that the
    seat is free for a substitute."""
    vejle = world.vejle
    leaver = employee(vejle, "lea")
    course = make_course(title="Ikke begyndt", min_participants=1, max_participants=2)
    with tenant_context(vejle.municipality):
        n = nomination_create(actor=vejle.hr, course=course, participant=leaver)
        nomination_accept(actor=leaver, nomination=n, participant_change="x")
    mailoutbox.clear()
    with delivered(), tenant_context(vejle.municipality):
        employee_deactivate(
            actor=None, profile=EmployeeProfile.objects.get(user_id=leaver.pk), reason=REASON
        )
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("hr@vejle.example", "En deltagelse i “Ikke begyndt” er trukket tilbage"),
        ("leader@vejle.example", "En deltagelse i “Ikke begyndt” er trukket tilbage"),
        ("teacher@via.example", "En deltager har meldt afbud"),
    ]
    assert AuditEvent.objects.get(action="nomination.withdrawn_leaver").actor_label == "system"
