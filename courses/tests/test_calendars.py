"""Calendars of cohorts: a participant's signed feed (stable until renewed,
served only on their own municipality's site), and a cancelled cohort's
modules kept in it, marked cancelled."""

import re
from datetime import timedelta

from django.core import signing
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from audit.models import AuditEvent
from courses.models import Cohort, CohortModule, Nomination
from courses.services import cohort_cancel, nomination_accept, nomination_create
from courses.views import FEED_SALT
from tests.isolation import assert_same_as_missing, isolation_case


def _address(user_id: int, version: int) -> str:
    """The feed token the pages should show, built here independently."""
    return signing.Signer(salt=FEED_SALT).sign_object({"u": user_id, "v": version})


def test_calendar_feeds(world, completed, client_for):
    client = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    page = client.get(f"/courses/nominations/{completed[0].pk}/").content.decode()
    token = _address(world.vejle.employee.pk, 0)
    assert f"/courses/feed/{token}.ics" in page
    # The address stays the same however often the page is shown.
    later = client.get(f"/courses/nominations/{completed[0].pk}/").content.decode()
    assert f"/courses/feed/{token}.ics" in later
    anonymous = client_for(municipality=world.vejle.municipality)
    feed = anonymous.get(f"/courses/feed/{token}.ics")
    assert feed.status_code == 200 and feed.content.decode().count("BEGIN:VEVENT") == 2
    assert anonymous.get("/courses/feed/forged.ics").status_code == 404
    # An address handed out before addresses became stable (with a timestamp) still works.
    legacy = signing.dumps({"u": world.vejle.employee.pk, "v": 0}, salt=FEED_SALT)
    assert anonymous.get(f"/courses/feed/{legacy}.ics").status_code == 200
    # The feed of a Vejle employee is not served on Kolding's site.
    kolding = client_for(municipality=world.kolding.municipality)
    assert kolding.get(f"/courses/feed/{token}.ics").status_code == 404


def test_a_new_calendar_address_retires_the_old_one(world, completed, client_for, isolated):
    client = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    anonymous = client_for(municipality=world.vejle.municipality)
    old = _address(world.vejle.employee.pk, 0)
    assert anonymous.get(f"/courses/feed/{old}.ics").status_code == 200
    response = client.post("/courses/feed/renew/", {"nomination": completed[0].pk})
    assert response["Location"] == f"/courses/nominations/{completed[0].pk}/"
    assert anonymous.get(f"/courses/feed/{old}.ics").status_code == 404
    page = client.get(f"/courses/nominations/{completed[0].pk}/").content.decode()
    new = _address(world.vejle.employee.pk, 1)
    assert f"/courses/feed/{new}.ics" in page and old not in page
    assert anonymous.get(f"/courses/feed/{new}.ics").status_code == 200
    # Only by POST, and only one's own: another user's renewal leaves it be.
    assert client.get("/courses/feed/renew/").status_code == 405
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    with isolated(User.objects.filter(pk=world.vejle.employee.pk)):
        assert kolding.post("/courses/feed/renew/", {})["Location"] == "/courses/my/"
    assert anonymous.get(f"/courses/feed/{new}.ics").status_code == 200


def test_a_new_calendar_address_is_audited(world, client_for):
    employee = world.vejle.employee
    client = client_for(employee, municipality=world.vejle.municipality)
    for _ in range(2):
        assert client.post("/courses/feed/renew/")["Location"] == "/courses/my/"
    events = AuditEvent.objects.filter(action="calendar_feed.renewed").order_by("id")
    here = (employee.pk, "accounts.user", str(employee.pk), world.vejle.municipality.pk)
    assert [
        (e.actor_id, e.target_type, e.target_id, e.municipality_id, e.data) for e in events
    ] == [(*here, {"version": 1}), (*here, {"version": 2})]
    employee.refresh_from_db()
    assert employee.calendar_feed_version == 2


@isolation_case("courses:cohort-ics")
def test_a_cancelled_cohort_stays_in_the_feed_marked_cancelled(
    world, make_course, employee, client_for
):
    course = make_course(min_participants=1, max_participants=2)
    with tenant_context(world.vejle.municipality):
        n = nomination_create(actor=world.vejle.hr, course=course, participant=world.vejle.employee)
        nomination_accept(actor=world.vejle.employee, nomination=n, participant_change="x")
    cohort = Cohort.objects.get()
    start = timezone.localdate() + timedelta(days=40)
    CohortModule.objects.filter(cohort=cohort).update(starts_on=start, ends_on=start)
    Cohort.objects.filter(pk=cohort.pk).update(status="confirmed")
    anonymous = client_for(municipality=world.vejle.municipality)

    def feed(user) -> str:
        token = _address(user.pk, 0)
        response = anonymous.get(f"/courses/feed/{token}.ics")
        assert response.status_code == 200
        return response.content.decode()

    def events(text) -> list[tuple[str, int, str]]:
        return re.findall(r"UID:(\S+)\r\nSEQUENCE:(\d+)\r\n(?:.*\r\n)*?STATUS:(\w+)", text)

    before = events(feed(world.vejle.employee))
    assert [status for _, _, status in before] == ["CONFIRMED", "CONFIRMED"]
    cohort_cancel(actor=world.provider_staff, cohort=cohort, reason="For få tilmeldte")
    after = events(feed(world.vejle.employee))
    # The same events, cancelled, with a higher SEQUENCE so calendars update them.
    assert [uid for uid, _, _ in after] == [uid for uid, _, _ in before]
    assert [status for _, _, status in after] == ["CANCELLED", "CANCELLED"]
    assert all(int(a[1]) > int(b[1]) for a, b in zip(after, before, strict=True))
    # The participant is back in the demand, first in line.
    nomination = Nomination.objects.get(pk=n.pk)
    assert (nomination.status, nomination.cohort_id, nomination.priority) == (
        "approved",
        None,
        True,
    )
    # Someone who was never seated in it does not get its events.
    stranger = employee(world.vejle, "v2")
    assert "BEGIN:VEVENT" not in feed(stranger)
    # The cohort's own calendar file says the same to its former participant
    # (and their HR); to anyone else it is the same 404 as a missing cohort.
    for user in (world.vejle.employee, world.vejle.hr):
        own = client_for(user, municipality=world.vejle.municipality)
        ics = own.get(f"/courses/cohorts/{cohort.pk}/calendar.ics").content.decode()
        assert [status for _, _, status in events(ics)] == ["CANCELLED", "CANCELLED"]
    for user, municipality in (
        (stranger, world.vejle.municipality),
        (world.kolding.hr, world.kolding.municipality),
    ):
        other = client_for(user, municipality=municipality)
        assert_same_as_missing(
            other.get(f"/courses/cohorts/{cohort.pk}/calendar.ics"),
            other.get("/courses/cohorts/999999/calendar.ics"),
        )
