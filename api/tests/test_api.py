import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from api import views
from api.models import ApiClient
from api.permissions import HasRequiredScope
from api.scopes import Scope
from api.services import api_client_create
from api.throttling import ApiClientRateThrottle


def api(key: str | None = None, host: str = "localhost") -> Client:
    headers = {"HTTP_HOST": host}
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Api-Key {key}"
    return Client(**headers)


def test_municipalities_list(world):
    response = api(world.api_keys["vejle"]).get("/api/v1/municipalities/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(m["code"], m["name"], m["networks"]) for m in body["results"]] == [
        (621, "Kolding", ["job7"]),
        (630, "Vejle", ["job7"]),
    ]
    assert body["results"][1]["site_url"] == "http://vejle.localhost/"
    assert body["results"][1]["region"] == "Region Syddanmark"


def test_municipality_by_code_and_network_by_slug(world):
    client = api(world.api_keys["vejle"])
    assert client.get("/api/v1/municipalities/621/").json()["name"] == "Kolding"
    network = client.get("/api/v1/networks/job7/").json()
    assert network == {
        "slug": "job7",
        "name": "Job7",
        "description": "",
        "members": [{"code": 621, "name": "Kolding"}, {"code": 630, "name": "Vejle"}],
    }


def test_missing_object_is_404_in_the_error_shape(world):
    response = api(world.api_keys["vejle"]).get("/api/v1/municipalities/999/")
    assert response.status_code == 404
    error = response.json()["error"]
    assert (set(error), error["code"], error["details"]) == (
        {"code", "message", "details"},
        "not_found",
        {},
    )


def test_unknown_endpoint_is_404_in_the_error_shape(world):
    response = api(world.api_keys["vejle"]).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("key", "code"),
    [
        (None, "not_authenticated"),
        ("tvs_nope_nope", "authentication_failed"),
        ("garbage", "authentication_failed"),
        ("revoked", "authentication_failed"),
    ],
)
def test_bad_or_revoked_key_is_401(world, key, code):
    key = world.api_keys.get(key, key)
    response = api(key).get("/api/v1/municipalities/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_key_without_scope_is_403(world):
    response = api(world.api_keys["no_scope"]).get("/api/v1/networks/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "directory:read" in response.json()["error"]["message"]


def test_per_client_throttle_answers_429_with_retry_after(world, monkeypatch):
    cache.clear()
    monkeypatch.setattr(
        ApiClientRateThrottle, "timer", lambda self: 1_000_000.0
    )  # time stands still
    _client, key = api_client_create(
        actor=None,
        name="Slow",
        scopes=[Scope.DIRECTORY_READ],
        municipality=world.kolding.municipality,
        rate_per_minute=2,
    )
    client = api(key)
    assert [client.get("/api/v1/networks/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/networks/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["error"]["code"] == "throttled"
    # Another client is not affected by this client's limit.
    assert api(world.api_keys["vejle"]).get("/api/v1/networks/").status_code == 200


def test_key_is_stored_hashed_and_shown_once(world, capsys):
    call_command(
        "create_api_client",
        "--name",
        "Kolding LMS",
        "--municipality",
        "621",
        "--scope",
        "directory:read",
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    client = ApiClient.objects.get(name="Kolding LMS")
    assert key.startswith(f"tvs_{client.key_id}_")
    assert key not in {client.key_hash, client.key_id}
    assert api(key).get("/api/v1/networks/").status_code == 200
    call_command("revoke_api_client", client.key_id)
    assert api(key).get("/api/v1/networks/").status_code == 401


def test_create_api_client_refuses_unknown_municipality(world):
    with pytest.raises(CommandError, match="No provisioned municipality with code 999"):
        call_command(
            "create_api_client", "--name", "X", "--municipality", "999", "--scope", "directory:read"
        )


def test_schema_and_docs_are_published(world):
    schema = api(host="localhost").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{code}/",
        "/api/v1/networks/",
        "/api/v1/networks/{slug}/",
    } <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["ApiKey"]["in"] == "header"
    docs = api(host="localhost").get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_api_is_not_served_on_a_municipality_host(world):
    response = api(world.api_keys["vejle"], host="vejle.localhost").get("/api/v1/municipalities/")
    assert response.status_code == 404


def test_unexpected_error_is_500_in_the_error_shape(world, monkeypatch):
    def boom(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.NetworkViewSet, "get_queryset", boom)
    client = api(world.api_keys["vejle"])
    client.raise_request_exception = False
    response = client.get("/api/v1/networks/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "database on fire" not in response.content.decode()


def test_write_methods_are_405_in_the_error_shape(world):
    response = api(world.api_keys["vejle"]).post("/api/v1/networks/", {"name": "x"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_create_api_client_refuses_a_too_long_name_without_traceback(world):
    with pytest.raises(CommandError, match="120"):
        call_command(
            "create_api_client",
            "--name",
            "x" * 121,
            "--municipality",
            "630",
            "--scope",
            "directory:read",
        )
    assert not ApiClient.objects.filter(name="x" * 121).exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_any_method_on_an_unknown_path_is_404_in_the_error_shape(world, method):
    client = api(world.api_keys["vejle"])
    client.handler.enforce_csrf_checks = True
    response = getattr(client, method)("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_malformed_key_ids_never_reach_the_database(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api("tvs_\x00_x").get("/api/v1/networks/")
    assert response.status_code == 401


def test_a_view_without_declared_scopes_is_closed(world, rf):
    request = Request(rf.get("/"))
    request._authenticator = None
    request.auth = ApiClient.objects.get(name="Vejle HR-system")

    class Undeclared:
        pass

    with pytest.raises(PermissionDenied):
        HasRequiredScope().has_permission(request, Undeclared())
