"""Cross-organisation negatives of the follow-up: another municipality (or
a colleague who is not the respondent, the owner or the participant's
manager) cannot see or answer a check-in, mark a support task done, write a
note or give a task on someone else's nomination, or read another
municipality's results; another provider cannot read a course's results.
The same 404 as for a missing id, nothing changes, no mail leaves."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import user_create
from audit.models import AuditEvent
from courses.development.models import ActionNote, CheckIn, SupportTask
from courses.development.services import support_task_add
from courses.models import Nomination
from courses.services import provider_ensure
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from tests.matching_fixtures import person
from tests.world import PASSWORD


def _follow_up_state(world):
    state = [snapshot(Nomination.objects.all())]
    for staff in (world.vejle, world.kolding):
        with tenant_context(staff.municipality):
            state += snapshot(
                CheckIn.objects.all(),
                ActionNote.objects.all(),
                SupportTask.objects.all(),
                AuditEvent.objects.all(),
            )
    return state


@isolation_case(
    "development:checkin",
    "development:note-add",
    "development:results-csv",
    "development:task-add",
    "development:task-done",
)
def test_another_municipality_cannot_reach_the_follow_up(
    world, completed, employee, client_for, outsider, isolated
):
    nomination, _last = completed
    with tenant_context(world.vejle.municipality):
        checkin = CheckIn.objects.get(respondent_user_id=world.vejle.employee.pk, day=30)
        task = support_task_add(
            actor=world.vejle.hr,
            nomination=nomination,
            owner_id=world.vejle.leader.pk,
            title="Metoden på teammødet",
            due_on=timezone.localdate() + timedelta(days=14),
        )
    with tenant_context(world.kolding.municipality):
        # The ids mean nothing in Kolding's schema (a precondition of the test).
        assert not CheckIn.objects.exists() and not SupportTask.objects.exists()
    other_leader = person(
        world.vejle, "olga", {Role.LEADER}, "jobcentre-caseworker", world.vejle.other_workplace_id
    )
    strangers = [
        client_for(world.kolding.hr, municipality=world.kolding.municipality),
        client_for(world.kolding.leader, municipality=world.kolding.municipality),
        client_for(world.kolding.employee, municipality=world.kolding.municipality),
        client_for(outsider, municipality=outsider.municipality),
    ]
    colleague = client_for(employee(world.vejle, "v2"), municipality=world.vejle.municipality)
    vejle_other_leader = client_for(other_leader, municipality=world.vejle.municipality)
    due_on = (timezone.localdate() + timedelta(days=7)).isoformat()
    with isolated(lambda: _follow_up_state(world)):
        for client in [*strangers, colleague, vejle_other_leader]:
            # Someone else's check-in, someone else's task.
            assert_same_as_missing(
                client.get(f"/courses/checkins/{checkin.pk}/"),
                client.get("/courses/checkins/999999/"),
            )
            assert_same_as_missing(
                client.post(f"/courses/checkins/{checkin.pk}/", {"in_use": "yes"}),
                client.post("/courses/checkins/999999/", {"in_use": "yes"}),
            )
            assert_same_as_missing(
                client.post(f"/courses/tasks/{task.pk}/done/"),
                client.post("/courses/tasks/999999/done/"),
            )
            # A note or a task on a nomination they may not see.
            for action, data in (
                ("note/", {"tried": "x", "learned": "y"}),
                ("task/", {"title": "T", "owner": world.vejle.leader.pk, "due_on": due_on}),
            ):
                assert_same_as_missing(
                    client.post(f"/courses/nominations/{nomination.pk}/{action}", data),
                    client.post(f"/courses/nominations/999999/{action}", data),
                )
        # Another municipality's results: not for a course it has had no
        # seat in, and only for HR.
        kolding_hr = strangers[0]
        assert_same_as_missing(
            kolding_hr.get(f"/courses/results.csv?course={nomination.course_id}"),
            kolding_hr.get("/courses/results.csv?course=999999"),
        )
        page = kolding_hr.get(f"/courses/results/?course={nomination.course_id}")
        assert (page.status_code, page.context["courses"], page.context["course"]) == (
            200,
            [],
            None,
        )
        for path in ("/courses/results/", f"/courses/results.csv?course={nomination.course_id}"):
            assert colleague.get(path).status_code == 404
    # The Vejle participant, owner and HR do reach them.
    participant = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    assert participant.get(f"/courses/checkins/{checkin.pk}/").status_code == 200
    vejle_hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    csv = vejle_hr.get(f"/courses/results.csv?course={nomination.course_id}")
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv; charset=utf-8"


@isolation_case("development_provider:results", "development_provider:results-csv")
def test_another_provider_cannot_read_the_results(world, completed, client_for, isolated):
    nomination, _last = completed
    other = provider_ensure(actor=None, name="UCL Erhvervsakademi", slug="ucl")
    stranger = user_create(
        actor=None,
        email="teacher@ucl.example",
        full_name="Underviser UCL",
        roles={Role.PROVIDER_STAFF},
        provider=other,
        password=PASSWORD,
    )
    client = client_for(stranger)
    with isolated(lambda: _follow_up_state(world)):
        for path in ("/courses/{}/results/", "/courses/{}/results.csv"):
            assert_same_as_missing(
                client.get(path.format(nomination.course_id)), client.get(path.format(999999))
            )
    own = client_for(world.provider_staff)
    assert own.get(f"/courses/{nomination.course_id}/results.csv").status_code == 200
