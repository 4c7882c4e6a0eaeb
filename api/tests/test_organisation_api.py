"""A municipality's organisation tree and staff in the partner API: its own
keys read them (organisation:read, staff:read), with updated_since and the
API's pages and error shape; another municipality's key or a provider's gets
the 404 of a missing id, and nothing changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.scopes import Scope
from api.services import api_client_create
from audit.models import AuditEvent
from courses.services import provider_ensure
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import (
    JobData,
    employee_create,
    employee_deactivate,
    unit_create,
    unit_leader_set,
)
from tests.isolation import assert_same_as_missing, isolation_case, snapshot

MISSING = 999999


def _key(scopes, *, municipality=None, provider=None) -> Client:
    _client, key = api_client_create(
        actor=None,
        name=f"Test {municipality or provider}",
        scopes=list(scopes),
        municipality=municipality,
        provider=provider,
    )
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")


@pytest.fixture
def vejle_org(world):
    """In Vejle: a workplace with a place and a named leader, and an
    employee who has left; ids that name nothing in Kolding's schema."""
    with tenant_context(world.vejle.municipality):
        department = Unit.objects.get(name="Jobcenter")
        workplace = unit_create(
            actor=None,
            kind="workplace",
            name="Ungeindsatsen",
            parent=department,
            address="Vestergade 7, 7100 Vejle",
            latitude=Decimal("55.709300"),
            longitude=Decimal("9.535700"),
        )
        leader = EmployeeProfile.objects.get(user_id=world.vejle.leader.pk)
        unit_leader_set(actor=None, unit=workplace, leader=leader)
        gone = employee_create(
            actor=None,
            email="tidligere@vejle.example",
            full_name="Tidligere Ansat",
            roles=["employee"],
            job=JobData(
                job_title="Jobkonsulent", workplace=workplace, leader=leader, external_id="L-9"
            ),
            invite=False,
        )
        employee_deactivate(actor=None, profile=gone, reason="Fratrådt")
    with tenant_context(world.kolding.municipality):
        assert not Unit.objects.filter(pk=workplace.pk).exists()
        assert not EmployeeProfile.objects.filter(pk=gone.pk).exists()
    return workplace, leader, gone


def _state(world, outsider):
    state = snapshot(AuditEvent.objects.all())
    for municipality in (
        world.vejle.municipality,
        world.kolding.municipality,
        outsider.municipality,
    ):
        with tenant_context(municipality):
            state += snapshot(
                Unit.objects.all(), EmployeeProfile.objects.all(), AuditEvent.objects.all()
            )
    return state


def test_a_municipalitys_key_reads_its_own_units(world, vejle_org):
    workplace, leader, _gone = vejle_org
    vejle = _key([Scope.ORGANISATION_READ], municipality=world.vejle.municipality)
    page = vejle.get("/api/v1/organisation/units/").json()
    assert (page["count"], page["next"], page["previous"]) == (5, None, None)
    assert [u["name"] for u in page["results"]] == [
        "Beskæftigelse",
        "Jobcenter",
        "Jobafklaring",
        "Virksomhedsservice",
        "Ungeindsatsen",
    ]
    one = vejle.get(f"/api/v1/organisation/units/{workplace.pk}/").json()
    with tenant_context(world.vejle.municipality):
        department = Unit.objects.get(name="Jobcenter")
        workplace.refresh_from_db()
    assert one == {
        "id": workplace.pk,
        "kind": "workplace",
        "name": "Ungeindsatsen",
        "parent": department.pk,
        "address": "Vestergade 7, 7100 Vejle",
        "latitude": 55.7093,
        "longitude": 9.5357,
        "leader": leader.pk,
        "leader_name": "Leder Vejle",
        "closed": False,
        "closed_at": None,
        "updated_at": workplace.updated_at.astimezone(timezone.get_current_timezone()).isoformat(),
    }
    root = page["results"][0]
    assert (
        root["kind"],
        root["parent"],
        root["latitude"],
        root["leader"],
        root["leader_name"],
    ) == (
        "administration",
        None,
        None,
        None,
        None,
    )


def test_a_municipalitys_key_reads_its_own_staff_those_who_left_too(world, vejle_org):
    workplace, leader, gone = vejle_org
    vejle = _key([Scope.STAFF_READ], municipality=world.vejle.municipality)
    page = vejle.get("/api/v1/staff/").json()
    assert page["count"] == 4
    assert [s["email"] for s in page["results"]] == [
        "leader@vejle.example",
        "employee@vejle.example",
        "hr@vejle.example",
        "tidligere@vejle.example",
    ]
    one = vejle.get(f"/api/v1/staff/{gone.pk}/").json()
    with tenant_context(world.vejle.municipality):
        gone.refresh_from_db()
    assert one == {
        "id": gone.pk,
        "email": "tidligere@vejle.example",
        "full_name": "Tidligere Ansat",
        "roles": ["employee"],
        "active": False,
        "job_title": "Jobkonsulent",
        "profession": None,
        "workplace": workplace.pk,
        "leader": leader.pk,
        "external_id": "L-9",
        "updated_at": gone.updated_at.astimezone(timezone.get_current_timezone()).isoformat(),
    }
    first = page["results"][0]
    assert (first["roles"], first["active"], first["profession"], first["leader"]) == (
        ["employee", "leader"],
        True,
        "manager",
        None,
    )


def test_updated_since_and_pages(world, vejle_org):
    workplace, _leader, gone = vejle_org
    vejle = _key([Scope.ORGANISATION_READ, Scope.STAFF_READ], municipality=world.vejle.municipality)
    with tenant_context(world.vejle.municipality):
        Unit.objects.exclude(pk=workplace.pk).update(updated_at=timezone.now() - timedelta(days=3))
        EmployeeProfile.objects.exclude(pk=gone.pk).update(
            updated_at=timezone.now() - timedelta(days=3)
        )
    since = (timezone.now() - timedelta(days=1)).isoformat()
    units = vejle.get("/api/v1/organisation/units/", {"updated_since": since}).json()
    staff = vejle.get("/api/v1/staff/", {"updated_since": since}).json()
    assert [u["id"] for u in units["results"]] == [workplace.pk]
    assert [s["id"] for s in staff["results"]] == [gone.pk]
    # A time without an offset is Copenhagen's; a date alone is its midnight.
    assert (
        vejle.get("/api/v1/staff/", {"updated_since": "2000-01-01T00:00:00"}).json()["count"] == 4
    )
    assert vejle.get("/api/v1/staff/", {"updated_since": "2100-01-01"}).json()["count"] == 0
    page = vejle.get("/api/v1/organisation/units/", {"page_size": 2, "page": 2}).json()
    assert (page["count"], [u["name"] for u in page["results"]]) == (
        5,
        ["Jobafklaring", "Virksomhedsservice"],
    )
    assert page["next"] == "http://localhost/api/v1/organisation/units/?page=3&page_size=2"


@pytest.mark.parametrize("value", ["i går", "2026-13-01T00:00:00", "1700000000", ""])
def test_a_bad_updated_since_is_a_400_in_the_error_shape(world, value):
    vejle = _key([Scope.ORGANISATION_READ, Scope.STAFF_READ], municipality=world.vejle.municipality)
    for path in ("/api/v1/organisation/units/", "/api/v1/staff/"):
        response = vejle.get(path, {"updated_since": value})
        assert (response.status_code, response.json()) == (
            400,
            {
                "error": {
                    "code": "invalid",
                    "message": "Forespørgslen er ugyldig.",
                    "details": {"updated_since": ["Use an ISO 8601 date-time."]},
                }
            },
        )


def test_a_bad_page_is_a_404_in_the_error_shape(world):
    vejle = _key([Scope.STAFF_READ], municipality=world.vejle.municipality)
    response = vejle.get("/api/v1/staff/", {"page": "9"})
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_scopes_and_organisations(world, ucl_provider):
    units, staff = "/api/v1/organisation/units/", "/api/v1/staff/"
    # The scope is needed: organisation:read does not read staff, nor the reverse.
    org_only = _key([Scope.ORGANISATION_READ], municipality=world.vejle.municipality)
    staff_only = _key([Scope.STAFF_READ], municipality=world.vejle.municipality)
    for client, path in ((org_only, staff), (staff_only, units)):
        response = client.get(path)
        assert (response.status_code, response.json()["error"]["code"]) == (
            403,
            "permission_denied",
        )
    # A provider's key has no organisation of a municipality to list.
    via = _key([Scope.ORGANISATION_READ, Scope.STAFF_READ], provider=ucl_provider)
    for path in (units, staff):
        response = via.get(path)
        assert (response.status_code, response.json()["error"]) == (
            403,
            {
                "code": "permission_denied",
                "message": "Only a municipality's API key reads its own organisation and staff.",
                "details": {},
            },
        )
    anonymous = Client(HTTP_HOST="localhost").get(units)
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "not_authenticated")
    # The API is the public site's, never a municipality's host.
    on_vejle = Client(
        HTTP_HOST="vejle.localhost", HTTP_AUTHORIZATION=org_only.defaults["HTTP_AUTHORIZATION"]
    )
    assert on_vejle.get(units).status_code == 404


@pytest.fixture
def ucl_provider():
    return provider_ensure(actor=None, name="UCL Erhvervsakademi", slug="ucl")


@isolation_case("api:organisation-unit-detail", "api:staff-detail")
def test_another_municipalitys_or_a_providers_key_gets_the_404_of_a_missing_id(
    world, vejle_org, outsider, ucl_provider, isolated
):
    workplace, _leader, gone = vejle_org
    both = [Scope.ORGANISATION_READ, Scope.STAFF_READ]
    keys = {
        "Kolding's key": _key(both, municipality=world.kolding.municipality),
        "Aarhus's key": _key(both, municipality=outsider.municipality),
        "VIA's key": _key(both, provider=world.provider_staff.provider),
        "UCL's key": _key(both, provider=ucl_provider),
    }
    with isolated(lambda: _state(world, outsider)):
        for who, client in keys.items():
            for path, pk in (("organisation/units", workplace.pk), ("staff", gone.pk)):
                foreign = client.get(f"/api/v1/{path}/{pk}/")
                missing = client.get(f"/api/v1/{path}/{MISSING}/")
                try:
                    assert_same_as_missing(foreign, missing)
                except AssertionError as error:
                    raise AssertionError(f"{who}: {path}: {error}") from error
                assert foreign.json() == {
                    "error": {"code": "not_found", "message": "Ikke fundet.", "details": {}}
                }
            # Nor is it in their lists.
            if who in ("Kolding's key", "Aarhus's key"):
                listed = client.get("/api/v1/staff/").json()["results"]
                assert "tidligere@vejle.example" not in [s["email"] for s in listed]
    # Kolding's key reads Kolding's own workplace with the id it has there.
    kolding = keys["Kolding's key"].get(f"/api/v1/organisation/units/{world.kolding.workplace_id}/")
    assert (kolding.status_code, kolding.json()["name"]) == (200, "Jobafklaring")
    vejle = _key(both, municipality=world.vejle.municipality)
    assert vejle.get(f"/api/v1/staff/{gone.pk}/").status_code == 200


def test_the_schema_documents_the_endpoints_with_honest_types(world):
    spec = (
        Client(HTTP_HOST="localhost").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    )
    paths = spec["paths"]
    for path in ("/api/v1/organisation/units/", "/api/v1/staff/"):
        get = paths[path]["get"]
        assert {p["name"] for p in get["parameters"]} == {"page", "page_size", "updated_since"}
        since = next(p for p in get["parameters"] if p["name"] == "updated_since")
        assert since["schema"] == {"type": "string", "format": "date-time"}
        assert sorted(get["responses"]) == ["200", "400", "401", "403", "429"]
    for path in ("/api/v1/organisation/units/{id}/", "/api/v1/staff/{id}/"):
        assert sorted(paths[path]["get"]["responses"]) == ["200", "401", "403", "404", "429"]
        assert list(paths[path]) == ["get"]  # read-only
        (pk,) = paths[path]["get"]["parameters"]
        assert (pk["name"], pk["in"], pk["required"], pk["schema"]) == (
            "id",
            "path",
            True,
            {"type": "integer"},
        )
    schemas = spec["components"]["schemas"]
    unit, staff = schemas["Unit"]["properties"], schemas["Staff"]["properties"]
    nullable = {name for name, field in unit.items() if field.get("nullable")}
    assert nullable == {"parent", "latitude", "longitude", "leader", "leader_name", "closed_at"}
    kind = schemas[unit["kind"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert kind["enum"] == ["administration", "department", "workplace"]
    assert {name for name, field in staff.items() if field.get("nullable")} == {
        "profession",
        "workplace",
        "leader",
    }
    assert staff["roles"] == {
        "type": "array",
        "items": {"type": "string"},
        "description": "Of employee, leader, hr and coach, sorted.",
        "readOnly": True,
    }
