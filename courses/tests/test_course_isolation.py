"""Cross-organisation negatives: another provider cannot see or change a
provider's courses or cohorts; a municipality cannot see or decide on
another's nominees — on pages and through the API, the same 404 as for a
missing id, nothing changes, no mail leaves. (The municipalities' follow-up:
courses/development/tests/test_follow_up_isolation.py.)"""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import user_create
from api.scopes import Scope
from api.services import api_client_create
from audit.models import AuditEvent
from courses.development.models import Baseline
from courses.models import (
    Assignment,
    Attendance,
    Cohort,
    CohortModule,
    Course,
    CourseModule,
    Nomination,
    Submission,
)
from courses.services import nomination_accept, nomination_create, provider_ensure
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from tests.world import PASSWORD


def _setup(world, make_course, employee):
    course = make_course(min_participants=2, max_participants=3)
    k1 = employee(world.kolding, "k1")
    nominations = []
    for staff, user in ((world.vejle, world.vejle.employee), (world.kolding, k1)):
        with tenant_context(staff.municipality):
            n = nomination_create(actor=staff.hr, course=course, participant=user)
            nominations.append(nomination_accept(actor=user, nomination=n, participant_change="x"))
    cohort = Cohort.objects.get()
    return course, cohort, nominations, k1


def _public_state():
    """Everything of joint courses in the public schema, and its audit trail."""
    return (
        Course.objects.all(),
        CourseModule.objects.all(),
        Cohort.objects.all(),
        CohortModule.objects.all(),
        Nomination.objects.all(),
        Assignment.objects.all(),
        Submission.objects.all(),
        Attendance.objects.all(),
        AuditEvent.objects.all(),
    )


@isolation_case(
    "provider:assignment-create",
    "provider:cohort",
    "provider:cohort-attendance",
    "provider:cohort-cancel",
    "provider:cohort-dates",
    "provider:cohort-ics",
    "provider:course",
    "provider:course-close",
    "provider:course-edit",
    "provider:course-publish",
    "provider:module-add",
    "provider:module-remove",
    "provider:submission-review",
)
def test_another_provider_sees_nothing(world, make_course, employee, client_for, isolated):
    course, cohort, nominations, _k1 = _setup(world, make_course, employee)
    module = cohort.modules.order_by("module__position").first()
    CohortModule.objects.filter(pk=module.pk).update(
        starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    Cohort.objects.filter(pk=cohort.pk).update(status="confirmed")
    assignment = Assignment.objects.create(
        cohort=cohort,
        after_module=module,
        title="Opgave",
        instructions="Prøv metoden",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    submission = Submission.objects.create(
        assignment=assignment, nomination=nominations[0], text="Svar"
    )
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
    start = (timezone.localdate() + timedelta(days=20)).isoformat()
    posts = (
        ("{course}/publish/", {}),
        ("{course}/close/", {}),
        ("{course}/module/", {"title": "M", "days": "1", "location": "L"}),
        ("{course}/remove-module/", {"module": module.module_id}),
        ("{course}/edit/", {"title": "Overtaget"}),
        ("cohorts/{cohort}/dates/", {f"start_{module.pk}": start, f"end_{module.pk}": start}),
        ("cohorts/{cohort}/attendance/", {"module": module.pk, "present": [nominations[0].pk]}),
        (
            "cohorts/{cohort}/assignment/",
            {"after_module": module.pk, "title": "T", "instructions": "I", "due_on": start},
        ),
        ("cohorts/{cohort}/review/", {"submission": submission.pk, "review": "Godt"}),
        ("cohorts/{cohort}/cancel/", {"reason": "x"}),
    )
    with isolated(*_public_state()):
        for path in (
            "{course}/",
            "{course}/edit/",
            "cohorts/{cohort}/",
            "cohorts/{cohort}/calendar.ics",
        ):
            assert_same_as_missing(
                client.get("/courses/" + path.format(course=course.pk, cohort=cohort.pk)),
                client.get("/courses/" + path.format(course=999999, cohort=999999)),
            )
        for path, data in posts:
            assert_same_as_missing(
                client.post("/courses/" + path.format(course=course.pk, cohort=cohort.pk), data),
                client.post("/courses/" + path.format(course=999999, cohort=999999), data),
            )
        assert "Samtaler der flytter ledige" not in client.get("/courses/").content.decode()
    # Through the API: the other provider's key sees none of it.
    _c, key = api_client_create(
        actor=None,
        name="UCL LMS",
        scopes=[Scope.COURSES_READ, Scope.ATTENDANCE_WRITE],
        provider=other,
    )
    api = client_for()
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    assert api.get("/api/v1/courses/", **headers).json()["results"] == []
    assert api.get("/api/v1/cohorts/", **headers).json()["results"] == []
    for path, missing in (
        (f"/api/v1/courses/{course.pk}/", "/api/v1/courses/999999/"),
        (f"/api/v1/cohorts/{cohort.pk}/", "/api/v1/cohorts/999999/"),
    ):
        a, b = api.get(path, **headers), api.get(missing, **headers)
        assert a.status_code == b.status_code == 404 and a.json() == b.json()
    module = cohort.modules.first()
    row = {"module": module.pk, "nomination": 1, "present": True}
    a = api.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/", row, content_type="application/json", **headers
    )
    b = api.post(
        "/api/v1/cohorts/999999/attendance/", row, content_type="application/json", **headers
    )
    assert a.status_code == b.status_code == 404 and a.json() == b.json()


def _development_state(world):
    """What Vejle and Kolding keep of their nominations (their own schemas)."""
    state = []
    for staff in (world.vejle, world.kolding):
        with tenant_context(staff.municipality):
            state += snapshot(Baseline.objects.all(), AuditEvent.objects.all())
    return state


@isolation_case(
    "courses:ask",
    "courses:cohort-ics",
    "courses:course",
    "courses:nominate",
    "courses:nomination",
    "courses:nomination-accept",
    "courses:nomination-approve",
    "courses:nomination-cancel",
    "courses:nomination-decline",
    "courses:nomination-submit",
)
def test_another_municipality_sees_no_nominee(
    world, make_course, employee, client_for, outsider, isolated
):
    course, cohort, nominations, k1 = _setup(world, make_course, employee)
    vejle_nomination = nominations[0]
    module = cohort.modules.order_by("module__position").first()
    assignment = Assignment.objects.create(
        cohort=cohort,
        after_module=module,
        title="Opgave",
        instructions="Prøv metoden",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    kolding_hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    kolding_leader = client_for(world.kolding.leader, municipality=world.kolding.municipality)
    vejle_leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    kolding_employee = client_for(k1, municipality=world.kolding.municipality)
    vejle_colleague = client_for(employee(world.vejle, "v2"), municipality=world.vejle.municipality)
    aarhus = client_for(outsider, municipality=outsider.municipality)
    posts = (
        ("accept/", {"participant_change": "x"}),
        ("approve/", {"leader_change": "x"}),
        ("decline/", {"reason": "x"}),
        ("cancel/", {"reason": "x"}),
        ("submit/", {"assignment": assignment.pk, "text": "Mit svar"}),
    )
    with isolated(*_public_state(), lambda: _development_state(world)):
        # The course page of Kolding's HR names only Kolding's nominee.
        page = kolding_hr.get(f"/courses/{course.pk}/").content.decode()
        assert "Kollega k1" in page and "Medarbejder Vejle" not in page
        for client in (kolding_hr, kolding_leader, kolding_employee, vejle_colleague, aarhus):
            assert_same_as_missing(
                client.get(f"/courses/nominations/{vejle_nomination.pk}/"),
                client.get("/courses/nominations/999999/"),
            )
            for action, data in posts:
                assert_same_as_missing(
                    client.post(f"/courses/nominations/{vejle_nomination.pk}/{action}", data),
                    client.post(f"/courses/nominations/999999/{action}", data),
                )
        # Aarhus is not in Job7: the course itself is as missing as any.
        assert_same_as_missing(aarhus.get(f"/courses/{course.pk}/"), aarhus.get("/courses/999999/"))
        for action, data in (
            ("ask/", {"participant_change": "x"}),
            ("nominate/", {"participant": outsider.pk}),
        ):
            assert_same_as_missing(
                aarhus.post(f"/courses/{course.pk}/{action}", data),
                aarhus.post(f"/courses/999999/{action}", data),
            )
        # Vejle's leader follows Vejle's nominee (their team), not Kolding's.
        assert vejle_leader.get(f"/courses/nominations/{vejle_nomination.pk}/").status_code == 200
        assert_same_as_missing(
            vejle_leader.get(f"/courses/nominations/{nominations[1].pk}/"),
            vejle_leader.get("/courses/nominations/999999/"),
        )
        # The cohort's calendar: only to those with someone in it.
        assert_same_as_missing(
            aarhus.get(f"/courses/cohorts/{cohort.pk}/calendar.ics"),
            aarhus.get("/courses/cohorts/999999/calendar.ics"),
        )
    # API: a municipality key reads its own nominations only.
    keys = {}
    for name, municipality in (
        ("vejle", world.vejle.municipality),
        ("aarhus", outsider.municipality),
    ):
        _c, keys[name] = api_client_create(
            actor=None, name=name, scopes=[Scope.COURSES_READ], municipality=municipality
        )
    api = client_for()
    own = api.get("/api/v1/nominations/", HTTP_AUTHORIZATION=f"Api-Key {keys['vejle']}").json()
    assert [n["id"] for n in own["results"]] == [vejle_nomination.pk]
    a = api.get(
        f"/api/v1/nominations/{nominations[1].pk}/", HTTP_AUTHORIZATION=f"Api-Key {keys['vejle']}"
    )
    b = api.get("/api/v1/nominations/999999/", HTTP_AUTHORIZATION=f"Api-Key {keys['vejle']}")
    assert a.status_code == b.status_code == 404 and a.json() == b.json()
    aarhus_courses = api.get("/api/v1/courses/", HTTP_AUTHORIZATION=f"Api-Key {keys['aarhus']}")
    assert aarhus_courses.json()["results"] == []


def test_the_provider_api_reads_cohorts_and_writes_attendance(
    world, make_course, employee, client_for
):
    course, cohort, nominations, _k1 = _setup(world, make_course, employee)
    _c, key = api_client_create(
        actor=None,
        name="VIA LMS",
        scopes=[Scope.COURSES_READ, Scope.ATTENDANCE_WRITE],
        provider=world.provider_staff.provider,
    )
    _c, read_only = api_client_create(
        actor=None,
        name="VIA read",
        scopes=[Scope.COURSES_READ],
        provider=world.provider_staff.provider,
    )
    api = client_for()
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    body = api.get(f"/api/v1/cohorts/{cohort.pk}/", **headers).json()
    assert {p["name"] for p in body["participants"]} == {"Medarbejder Vejle", "Kollega k1"}
    module = cohort.modules.order_by("module__position").first()
    CohortModule.objects.filter(pk=module.pk).update(
        starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    rows = [
        {"module": module.pk, "nomination": nominations[0].pk, "present": True},
        {"module": module.pk, "nomination": nominations[1].pk, "present": False},
    ]
    ok = api.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/", rows, content_type="application/json", **headers
    )
    assert ok.status_code == 200, ok.content
    assert dict(module.attendance.values_list("nomination_id", "present")) == {
        nominations[0].pk: True,
        nominations[1].pk: False,
    }
    # All or nothing: a non-participant in the batch refuses the whole batch.
    stranger = Nomination.objects.create(
        course=course,
        municipality=world.vejle.municipality,
        participant=world.vejle.hr,
        status="approved",
    )
    bad = [
        {"module": module.pk, "nomination": nominations[0].pk, "present": False},
        {"module": module.pk, "nomination": stranger.pk, "present": True},
    ]
    refused = api.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/", bad, content_type="application/json", **headers
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid"
    assert module.attendance.get(nomination=nominations[0]).present is True
    forbidden = api.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/",
        rows,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Api-Key {read_only}",
    )
    assert forbidden.status_code == 403
    schema = api.get("/api/v1/schema/").content.decode()
    assert "/api/v1/cohorts/{id}/attendance/" in schema and "/api/v1/nominations/" in schema
