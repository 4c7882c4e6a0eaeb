"""HR's organisation pages are HR's, on HR's own site: every other person of
the municipality (employee, leader, coach) and another municipality's HR
get exactly the 404 of a missing page or id — whatever they post, nothing
changes, no mail leaves, no task is sent. A session carried to another
municipality's host is worth nothing there."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Membership, User
from accounts.services import user_create
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import JobData, employee_create, unit_create
from tests.isolation import assert_same_as_missing, carry_cookies, isolation_case, snapshot

MISSING = 999999


@pytest.fixture
def vejle_only(world):
    """A unit, an employee and an account without a record that exist only in
    Vejle (their ids name nothing in Kolding's schema)."""
    with tenant_context(world.vejle.municipality):
        unit = unit_create(
            actor=None, kind="administration", name="Kultur og Fritid", address="Skolegade 1"
        )
        profile = employee_create(
            actor=None,
            email="kun.vejle@vejle.example",
            full_name="Kun Vejle",
            roles=["employee"],
            job=JobData(),
            invite=False,
        )
    account = user_create(
        actor=None,
        email="uden.job@vejle.example",
        full_name="Uden Job",
        roles={"employee"},
        municipality=world.vejle.municipality,
    )
    with tenant_context(world.kolding.municipality):
        assert not Unit.objects.filter(pk=unit.pk).exists()
        assert not EmployeeProfile.objects.filter(pk=profile.pk).exists()
    return unit.pk, profile.pk, account.pk


def _everything(world):
    state = snapshot(User.objects.all(), Membership.objects.all(), AuditEvent.objects.all())
    for staff in (world.vejle, world.kolding):
        with tenant_context(staff.municipality):
            state += snapshot(
                Unit.objects.all(), EmployeeProfile.objects.all(), AuditEvent.objects.all()
            )
    return state


def _posts(unit_id, profile_id, leader_profile_id):
    """What someone might post to each page with an id."""
    return {
        "edit": {"name": "Overtaget", "parent": "", "address": "", "latitude": "", "longitude": ""},
        "leader": {"leader": leader_profile_id},
        "close": {},
        "employee": {
            "email": "overtaget@vejle.example",
            "full_name": "Overtaget",
            "roles": ["hr"],
            "job_title": "",
            "profession": "",
            "workplace": "",
            "leader": "",
            "external_id": "",
        },
        "deactivate": {"reason": "Overtaget"},
        "record": {"job_title": "Overtaget", "workplace": "", "profession": "", "leader": ""},
    }


@isolation_case(
    "organisation:unit-edit",
    "organisation:unit-leader",
    "organisation:unit-close",
    "organisation:employee",
    "organisation:employee-deactivate",
    "organisation:employee-reactivate",
    "organisation:account-record",
)
def test_pages_with_an_id_are_hrs_of_the_same_municipality_only(
    client_for, world, vejle_only, isolated
):
    unit_id, profile_id, account_id = vejle_only
    with tenant_context(world.vejle.municipality):
        leader_profile = EmployeeProfile.objects.get(user_id=world.vejle.leader.pk).pk
    posts = _posts(unit_id, profile_id, leader_profile)
    pages = [
        ("get", "units/{}/edit/", unit_id, posts["edit"]),
        ("get", "units/{}/leader/", unit_id, posts["leader"]),
        ("get", "units/{}/close/", unit_id, posts["close"]),
        ("get", "employees/{}/", profile_id, posts["employee"]),
        ("get", "employees/{}/deactivate/", profile_id, posts["deactivate"]),
        ("get", "accounts/{}/record/", account_id, posts["record"]),
    ]
    vejle = world.vejle.municipality
    others = [
        ("Vejle's employee", client_for(world.vejle.employee, municipality=vejle)),
        ("Vejle's leader", client_for(world.vejle.leader, municipality=vejle)),
        ("Vejle's coach", client_for(world.vejle.coach, municipality=vejle)),
        (
            "Kolding's HR on its own site",
            client_for(world.kolding.hr, municipality=world.kolding.municipality),
        ),
    ]
    with isolated(lambda: _everything(world)):
        for who, client in others:
            for _method, path, pk, body in pages:
                foreign, missing = (
                    f"/organisation/{path.format(pk)}",
                    f"/organisation/{path.format(MISSING)}",
                )
                for send in (client.get, lambda p, b=body, c=client: c.post(p, b)):
                    try:
                        assert_same_as_missing(send(foreign), send(missing))
                    except AssertionError as error:
                        raise AssertionError(f"{who}: {foreign}: {error}") from error
            assert_same_as_missing(
                client.post(f"/organisation/employees/{profile_id}/reactivate/"),
                client.post(f"/organisation/employees/{MISSING}/reactivate/"),
            )
    # Kolding's HR asking for an id of its own gets its own unit, not Vejle's.
    kolding_hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    own = kolding_hr.get(f"/organisation/units/{world.kolding.workplace_id}/edit/")
    assert own.status_code == 200
    # Vejle's HR then may.
    hr = client_for(world.vejle.hr, municipality=vejle)
    for _method, path, pk, _body in pages:
        assert hr.get(f"/organisation/{path.format(pk)}").status_code == 200, path


def test_pages_without_an_id_are_hrs_only(client_for, world, isolated):
    vejle = world.vejle.municipality
    others = [
        client_for(world.vejle.employee, municipality=vejle),
        client_for(world.vejle.leader, municipality=vejle),
        client_for(world.vejle.coach, municipality=vejle),
    ]
    paths = [
        "/organisation/",
        "/organisation/units/new/",
        "/organisation/employees/",
        "/organisation/employees/new/",
        "/organisation/changes/",
    ]
    with isolated(lambda: _everything(world)):
        for client in others:
            for path in paths:
                assert_same_as_missing(client.get(path), client.get("/organisation/no-such-page/"))
                assert_same_as_missing(
                    client.post(
                        path,
                        {
                            "name": "X",
                            "kind": "administration",
                            "email": "x@vejle.example",
                            "full_name": "X",
                        },
                    ),
                    client.post("/organisation/no-such-page/", {"name": "X"}),
                )
    hr = client_for(world.vejle.hr, municipality=vejle)
    for path in paths:
        assert hr.get(path).status_code == 200, path


def test_a_session_carried_to_another_municipalitys_host_is_worth_nothing(
    client_for, world, isolated, vejle_only
):
    unit_id, profile_id, _account = vejle_only
    kolding_hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    on_vejle = client_for(municipality=world.vejle.municipality)
    carry_cookies(kolding_hr, on_vejle)
    with isolated(lambda: _everything(world)):
        for path in (
            "/organisation/",
            f"/organisation/units/{unit_id}/edit/",
            f"/organisation/employees/{profile_id}/",
        ):
            response = on_vejle.get(path)
            assert (response.status_code, response["Location"]) == (302, f"/login/?next={path}")
        response = on_vejle.post(
            f"/organisation/employees/{profile_id}/deactivate/", {"reason": "x"}
        )
        assert response.status_code == 302
    assert User.objects.get(email="kun.vejle@vejle.example").is_active is True
