"""A joint course from publishing to follow-up, through HTTP on each party's
site: the provider on the shared site, HR, leaders and employees on their
municipality's site."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from courses.development.models import Baseline, CheckIn
from courses.models import (
    Cohort,
    CohortModule,
    CohortStatus,
    Course,
    CourseStatus,
    Nomination,
    NominationStatus,
)
from courses.services import cohorts_complete_due
from tenants.models import Network


def _ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def test_a_course_from_publishing_to_follow_up(world, client_for, employee, mailoutbox, delivered):
    vejle, kolding = world.vejle, world.kolding
    provider = client_for(world.provider_staff)
    job7 = Network.objects.get(slug="job7")

    # The provider publishes a course of two modules, offered to Job7.
    _ok(
        provider.post(
            "/courses/new/",
            {
                "title": "Samtaler der flytter ledige",
                "description": "Motivation, mål og opfølgning i samtaler med ledige.",
                "target_group": "Jobkonsulenter",
                "price_per_participant": "9500",
                "cancellation_rule": "Gratis afbud indtil 30 dage før første modul.",
                "min_participants": "3",
                "max_participants": "4",
                "seat_release_days": "14",
                "offered_to_networks": [job7.pk],
            },
        )
    )
    course = Course.objects.get()
    for title, days in (("Motivation", "3"), ("Opfølgning", "2")):
        _ok(
            provider.post(
                f"/courses/{course.pk}/module/",
                {"title": title, "days": days, "location": "VIA Horsens"},
            )
        )
    _ok(provider.post(f"/courses/{course.pk}/publish/"))
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED and course.modules.count() == 2

    # Vejle's HR nominates an employee, who accepts with a baseline.
    vejle_hr = client_for(vejle.hr, municipality=vejle.municipality)
    page = vejle_hr.get("/courses/").content.decode()
    assert "Samtaler der flytter ledige" in page and "0 af 3 nødvendige for at starte" in page
    with delivered():
        _ok(
            vejle_hr.post(
                f"/courses/{course.pk}/nominate/",
                {"participant": vejle.employee.pk, "leader_change": "Kortere vej til job"},
            )
        )
    first = Nomination.objects.get()
    assert first.status == NominationStatus.AWAITING_EMPLOYEE
    assert [m.to for m in mailoutbox] == [[vejle.employee.email]]
    # Nominating twice is refused, and nothing more is stored.
    again = vejle_hr.post(f"/courses/{course.pk}/nominate/", {"participant": vejle.employee.pk})
    assert "allerede indstillet" in vejle_hr.get(again["Location"]).content.decode()
    assert Nomination.objects.count() == 1
    employee_client = client_for(vejle.employee, municipality=vejle.municipality)
    home = employee_client.get("/").content.decode()
    assert "Sig ja eller nej til indstillingen til “Samtaler der flytter ledige”" in home
    _ok(
        employee_client.post(
            f"/courses/nominations/{first.pk}/accept/", {"participant_change": "Bedre mål"}
        )
    )
    first.refresh_from_db()
    assert first.status == NominationStatus.APPROVED
    with tenant_context(vejle.municipality):
        baseline = Baseline.objects.get(nomination_id=first.pk)
        assert (baseline.participant_change, baseline.leader_change) == (
            "Bedre mål",
            "Kortere vej til job",
        )

    # In Kolding an employee asks; the leader approves.
    kolding_employee = client_for(kolding.employee, municipality=kolding.municipality)
    mailoutbox.clear()
    with delivered():
        _ok(
            kolding_employee.post(
                f"/courses/{course.pk}/ask/", {"participant_change": "Flere i job"}
            )
        )
    second = Nomination.objects.get(participant=kolding.employee)
    assert second.status == NominationStatus.REQUESTED
    assert [m.to for m in mailoutbox] == [[kolding.leader.email]]
    kolding_leader = client_for(kolding.leader, municipality=kolding.municipality)
    _ok(kolding_leader.post(f"/courses/nominations/{second.pk}/approve/", {"leader_change": "x"}))
    assert (
        "2 af 3 nødvendige for at starte" in vejle_hr.get(f"/courses/{course.pk}/").content.decode()
    )

    # The third, nominated by Vejle's leader, makes the cohort form by itself.
    third_user = employee(vejle, "tredje")
    vejle_leader = client_for(vejle.leader, municipality=vejle.municipality)
    _ok(vejle_leader.post(f"/courses/{course.pk}/nominate/", {"participant": third_user.pk}))
    third = Nomination.objects.get(participant=third_user)
    mailoutbox.clear()
    with delivered():
        _ok(
            client_for(third_user, municipality=vejle.municipality).post(
                f"/courses/nominations/{third.pk}/accept/", {"participant_change": "Nye vinkler"}
            )
        )
    cohort = Cohort.objects.get()
    assert (cohort.status, cohort.seated, cohort.capacity) == (CohortStatus.TENTATIVE, 3, 4)
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.SEATED}
    # The provider, the seated, their leaders and both HR departments hear of it.
    assert {m.to[0] for m in mailoutbox} == {
        world.provider_staff.email,
        vejle.employee.email,
        kolding.employee.email,
        third_user.email,
        vejle.leader.email,
        kolding.leader.email,
        vejle.hr.email,
        kolding.hr.email,
    }
    assert any(
        m.to == [vejle.leader.email] and "har sagt ja til indstillingen" in m.body
        for m in mailoutbox
    )

    # The provider sees counts per municipality and, now, the seated names.
    detail = provider.get(f"/courses/{course.pk}/").content.decode()
    assert "Vejle" in detail and "Kolding" in detail
    cohort_page = provider.get(f"/courses/cohorts/{cohort.pk}/").content.decode()
    assert "Medarbejder Kolding" in cohort_page and "Kollega tredje" in cohort_page

    # Confirming without dates is refused; with dates everyone is told.
    modules = list(cohort.modules.order_by("module__position"))
    refused = provider.post(f"/courses/cohorts/{cohort.pk}/dates/", {})
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.TENTATIVE
    assert (
        "Angiv modulets første og sidste dag" in provider.get(refused["Location"]).content.decode()
    )
    start = timezone.localdate() + timedelta(days=40)
    dates = {
        f"start_{modules[0].pk}": start.isoformat(),
        f"end_{modules[0].pk}": (start + timedelta(days=2)).isoformat(),
        f"start_{modules[1].pk}": (start + timedelta(days=21)).isoformat(),
        f"end_{modules[1].pk}": (start + timedelta(days=22)).isoformat(),
    }
    mailoutbox.clear()
    with delivered():
        _ok(provider.post(f"/courses/cohorts/{cohort.pk}/dates/", dates))
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CONFIRMED
    assert cohort.release_on == start - timedelta(days=14)
    told = {m.to[0] for m in mailoutbox}
    assert {
        vejle.employee.email,
        kolding.employee.email,
        third_user.email,
        vejle.leader.email,
        kolding.leader.email,
        vejle.hr.email,
        kolding.hr.email,
        world.provider_staff.email,
    } == told
    invitation = next(m for m in mailoutbox if m.to == [vejle.employee.email])
    assert "http://vejle.localhost/courses/cohorts/" in invitation.body
    ics = employee_client.get(f"/courses/cohorts/{cohort.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 2 and f"DTSTART;VALUE=DATE:{start:%Y%m%d}" in body

    # An assignment between the modules: submitted, reviewed, seen by the leader.
    _ok(
        provider.post(
            f"/courses/cohorts/{cohort.pk}/assignment/",
            {
                "after_module": modules[0].pk,
                "title": "Prøv en samtale med tre spørgsmål",
                "instructions": "Brug metoden i to samtaler og skriv, hvad der skete.",
                "due_on": (start + timedelta(days=10)).isoformat(),
            },
        )
    )
    assignment = cohort.assignments.get()
    _ok(
        employee_client.post(
            f"/courses/nominations/{first.pk}/submit/",
            {"assignment": assignment.pk, "text": "Borgeren satte selv et mål."},
        )
    )
    submission = assignment.submissions.get()
    _ok(
        provider.post(
            f"/courses/cohorts/{cohort.pk}/review/",
            {"submission": submission.pk, "review": "Godt brugt – prøv også opfølgningen."},
        )
    )
    leader_view = vejle_leader.get(f"/courses/nominations/{first.pk}/").content.decode()
    assert "Borgeren satte selv et mål." in leader_view and "prøv også opfølgningen" in leader_view

    # The modules happen: attendance, then the course completes.
    CohortModule.objects.filter(pk=modules[0].pk).update(
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() - timedelta(days=28),
    )
    CohortModule.objects.filter(pk=modules[1].pk).update(
        starts_on=timezone.localdate() - timedelta(days=9),
        ends_on=timezone.localdate() - timedelta(days=8),
    )
    _ok(
        provider.post(
            f"/courses/cohorts/{cohort.pk}/attendance/",
            {"module": modules[0].pk, "present": [first.pk, second.pk]},
        )
    )
    marks = dict(modules[0].attendance.values_list("nomination_id", "present"))
    assert marks == {first.pk: True, second.pk: True, third.pk: False}
    assert cohorts_complete_due() == 1
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.COMPLETED
    last = timezone.localdate() - timedelta(days=8)
    with tenant_context(vejle.municipality):
        # Two Vejle participants, each with their leader: 2 × 2 × 3 check-ins.
        assert CheckIn.objects.count() == 12
        assert set(CheckIn.objects.values_list("due_on", flat=True)) == {
            last + timedelta(days=d) for d in (30, 60, 90)
        }
        due = CheckIn.objects.get(nomination_id=first.pk, respondent="participant", day=30)
        CheckIn.objects.filter(pk=due.pk).update(due_on=timezone.localdate())
    with tenant_context(kolding.municipality):
        assert CheckIn.objects.count() == 6

    # Follow-up: the participant answers; results per municipality.
    _ok(
        employee_client.post(
            f"/courses/checkins/{due.pk}/", {"in_use": "partly", "comment": "I de fleste samtaler"}
        )
    )
    results = vejle_hr.get(f"/courses/results/?course={course.pk}").content.decode()
    assert "Delvist" in results and "100 %" in results
    assert "2 plads(er) × 9.500 kr. = 19.000 kr." in results
    csv_body = vejle_hr.get(f"/courses/results.csv?course={course.pk}").content.decode("utf-8-sig")
    assert csv_body.splitlines()[1].startswith("Kolding;0;")
    assert csv_body.splitlines()[2] == "Vejle;1;0;1;0;100"
    provider_results = provider.get(f"/courses/{course.pk}/results/").content.decode()
    assert "<svg" in provider_results and "Vejle" in provider_results
    assert "I de fleste samtaler" not in provider_results  # counts only, never the words
