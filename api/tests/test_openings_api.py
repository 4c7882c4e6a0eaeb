from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.scopes import Scope
from api.services import api_client_create
from audit.models import AuditEvent
from exchange.models import Opening, Visibility
from tests.isolation import snapshot
from vocabulary.models import Profession


def _client(key):
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")


def _key(municipality=None, provider=None, scopes=(Scope.EXCHANGE_READ,)):
    _c, key = api_client_create(
        actor=None, name="Test", scopes=list(scopes), municipality=municipality, provider=provider
    )
    return key


def _payload(world, **overrides):
    today = timezone.localdate()
    payload = {
        "workplace_unit_id": world.kolding.workplace_id,
        "title": "Virksomhedskonsulent til følordning",
        "description": "Følg vores virksomhedskonsulenter i to uger.",
        "kind": "shadowing",
        "format": "visit",
        "period_start": (today + timedelta(days=30)).isoformat(),
        "period_end": (today + timedelta(days=44)).isoformat(),
        "professions": ["employer-consultant"],
        "learning_tags": ["employer-contact"],
        "expires_on": (today + timedelta(days=14)).isoformat(),
        "contact_name": "HR Kolding",
        "contact_email": "hr@kolding.example",
        "visibility": "all",
    }
    payload.update(overrides)
    return payload


def test_read_scope_lists_what_the_organisation_may_see(world, outsider, make_opening):
    everyone = make_opening(visibility=Visibility.ALL)
    job7 = make_opening(visibility=Visibility.NETWORK)
    vejle_only = make_opening(visibility=Visibility.MUNICIPALITY)
    vejle_draft = make_opening(publish=False)

    def ids(key):
        response = _client(key).get("/api/v1/openings/")
        assert response.status_code == 200
        return sorted(o["id"] for o in response.json()["results"])

    assert ids(_key(world.vejle.municipality)) == sorted(
        [everyone.pk, job7.pk, vejle_only.pk, vejle_draft.pk]
    )
    assert ids(_key(world.kolding.municipality)) == sorted([everyone.pk, job7.pk])
    assert ids(_key(outsider.municipality)) == [everyone.pk]
    assert ids(_key(provider=world.provider_staff.provider)) == [everyone.pk]


def test_hidden_opening_is_the_same_404_as_a_missing_one(world, outsider, make_opening):
    job7 = make_opening(visibility=Visibility.NETWORK)
    aarhus = _client(_key(outsider.municipality))
    hidden, missing = (
        aarhus.get(f"/api/v1/openings/{job7.pk}/"),
        aarhus.get("/api/v1/openings/999999/"),
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert (
        _client(_key(world.kolding.municipality))
        .get(f"/api/v1/openings/{job7.pk}/")
        .json()["title"]
        == job7.title
    )


def test_hr_system_creates_publishes_and_withdraws_its_own_opening(world):
    client = _client(
        _key(world.kolding.municipality, scopes=(Scope.EXCHANGE_READ, Scope.OPENINGS_WRITE))
    )
    created = client.post("/api/v1/openings/", _payload(world), content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["municipality"], body["workplace_name"], body["professions"]) == (
        "draft",
        621,
        "Jobafklaring",
        ["employer-consultant"],
    )
    opening_id = body["id"]
    changed = client.patch(
        f"/api/v1/openings/{opening_id}/", {"capacity": 2}, content_type="application/json"
    )
    assert (changed.status_code, changed.json()["capacity"], changed.json()["title"]) == (
        200,
        2,
        body["title"],
    )
    assert client.post(f"/api/v1/openings/{opening_id}/publish/").json()["status"] == "published"
    refused = client.post(
        f"/api/v1/openings/{opening_id}/withdraw/", {}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid")
    withdrawn = client.post(
        f"/api/v1/openings/{opening_id}/withdraw/",
        {"reason": "Ingen kapacitet i foråret"},
        content_type="application/json",
    )
    assert withdrawn.json()["status"] == "withdrawn"
    labels = set(
        AuditEvent.objects.filter(
            target_id=str(opening_id), target_type="exchange.opening"
        ).values_list("actor_label", flat=True)
    )
    assert len(labels) == 1 and next(iter(labels)).startswith("api-client:")
    assert Opening.objects.get(pk=opening_id).created_by is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"professions": ["astronaut"]}, "professions"),
        ({"capacity": 0}, "capacity"),
        ({"period_end": "2020-01-01"}, "period_end"),
        (
            {"visibility": "network", "network": "job7", "workplace_unit_id": 999999},
            "workplace_unit_id",
        ),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_400_in_the_error_shape_and_nothing_is_stored(world, overrides, field):
    client = _client(_key(world.kolding.municipality, scopes=(Scope.OPENINGS_WRITE,)))
    before = snapshot(Opening.objects.all())
    response = client.post(
        "/api/v1/openings/", _payload(world, **overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert field in response.json()["error"]["details"]
    assert snapshot(Opening.objects.all()) == before


def test_writing_needs_the_write_scope_and_ones_own_opening(world, make_opening):
    vejle_opening = make_opening()
    read_only = _client(_key(world.kolding.municipality))
    assert (
        read_only.post(
            "/api/v1/openings/", _payload(world), content_type="application/json"
        ).status_code
        == 403
    )
    kolding_writer = _client(_key(world.kolding.municipality, scopes=(Scope.OPENINGS_WRITE,)))
    before = snapshot(Opening.objects.all())
    for response in (
        kolding_writer.patch(
            f"/api/v1/openings/{vejle_opening.pk}/",
            {"capacity": 3},
            content_type="application/json",
        ),
        kolding_writer.post(
            f"/api/v1/openings/{vejle_opening.pk}/withdraw/",
            {"reason": "x"},
            content_type="application/json",
        ),
        kolding_writer.post(f"/api/v1/openings/{vejle_opening.pk}/publish/"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert snapshot(Opening.objects.all()) == before
    provider_writer = _client(
        _key(provider=world.provider_staff.provider, scopes=(Scope.OPENINGS_WRITE,))
    )
    assert (
        provider_writer.post(
            "/api/v1/openings/", _payload(world), content_type="application/json"
        ).status_code
        == 403
    )


def test_list_query_count_does_not_grow_with_page_size(world, make_opening):
    for n in range(5):
        make_opening(title=f"Plads {n}")
    client = _client(_key(world.kolding.municipality))
    client.get("/api/v1/openings/?page_size=1")
    with CaptureQueriesContext(connection) as small:
        assert len(client.get("/api/v1/openings/?page_size=1").json()["results"]) == 1
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/v1/openings/?page_size=5").json()["results"]) == 5
    assert len(small.captured_queries) == len(large.captured_queries)


def test_faceted_search_through_the_api(world, outsider, make_opening):
    make_opening(
        title="Sygeplejerske i hjemmeplejen", professions=[Profession.objects.get(code="nurse")]
    )
    make_opening(visibility=Visibility.NETWORK)
    body = (
        _client(_key(world.kolding.municipality))
        .get("/api/v1/openings/search/?professions=nurse&page_size=5")
        .json()
    )
    assert (body["total"], body["pages"], [o["title"] for o in body["results"]]) == (
        1,
        1,
        ["Sygeplejerske i hjemmeplejen"],
    )
    assert {f["value"]: f["count"] for f in body["facets"]["professions"]} == {
        "nurse": 1,
        "jobcentre-caseworker": 1,
    }
    outside = _client(_key(outsider.municipality)).get("/api/v1/openings/search/").json()
    assert outside["total"] == 1  # the Job7-only opening is not counted outside Job7
    assert (
        _client(_key(world.kolding.municipality, scopes=()))
        .get("/api/v1/openings/search/")
        .status_code
        == 403
    )
