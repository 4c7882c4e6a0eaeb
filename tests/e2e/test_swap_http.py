"""An application becomes a swap, over real HTTP against gunicorn: Vejle's
HR system posts the opening through the API, a Kolding employee applies on
Kolding's site, Vejle's HR accepts on Vejle's site."""

import http.client
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from api.models import ApiClient
from api.scopes import Scope
from api.services import api_client_create
from audit.models import AuditEvent
from exchange.models import Application, Opening, Swap, SwapParty
from tests.e2e.test_http import Http
from tests.world import PASSWORD


def _sign_in(port, host, email):
    site = Http(port, host)
    _status, _headers, page = site.request("GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _headers, _ = site.request(
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": f"http://{host}:{port}/login/"},
    )
    assert status == 302
    return site


def _post_form(site, path, data):
    token = site.cookies["csrftoken"]  # set when the login page was fetched
    return site.request(
        "POST",
        path,
        {"csrfmiddlewaretoken": token, **data},
        headers={"Referer": f"http://{site.host}:{site.port}{path}"},
    )


@pytest.fixture
def committed(session_world, django_db_blocker):
    """Rows this test commits for the live server, removed afterwards."""
    created = {"clients": [], "openings": []}
    yield created
    with django_db_blocker.unblock():
        openings = created["openings"]
        swaps = list(Swap.objects.filter(opening_id__in=openings).values_list("pk", flat=True))
        applications = list(
            Application.objects.filter(opening_id__in=openings).values_list("pk", flat=True)
        )
        SwapParty.objects.filter(swap_id__in=swaps).delete()
        Swap.objects.filter(pk__in=swaps).delete()
        Application.objects.filter(pk__in=applications).delete()
        for opening in Opening.objects.filter(pk__in=openings):
            opening.professions.clear()
            opening.learning_tags.clear()
            opening.delete()
        targets = [str(i) for i in [*openings, *swaps, *applications, *created["clients"]]]
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(target_id__in=targets).delete()
        ApiClient.objects.filter(pk__in=created["clients"]).delete()


def test_opening_to_swap_over_http(live_server_url, session_world, committed, django_db_blocker):
    world, port = session_world, live_server_url
    with django_db_blocker.unblock():
        client, key = api_client_create(
            actor=None,
            name="Vejle HR e2e",
            scopes=[Scope.EXCHANGE_READ, Scope.OPENINGS_WRITE],
            municipality=world.vejle.municipality,
        )
    committed["clients"].append(client.pk)
    api = Http(port, "localhost")
    today = timezone.localdate()
    payload = {
        "workplace_unit_id": world.vejle.workplace_id,
        "title": "E2E: jobkonsulent søges",
        "description": "Motiverende samtaler.",
        "kind": "same_profession",
        "format": "full",
        "period_start": (today + timedelta(days=40)).isoformat(),
        "period_end": (today + timedelta(days=80)).isoformat(),
        "professions": ["jobcentre-caseworker"],
        "expires_on": (today + timedelta(days=20)).isoformat(),
        "contact_name": "HR Vejle",
        "contact_email": "hr@vejle.example",
        "visibility": "all",
    }

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/api/v1/openings/",
        body=json.dumps(payload),
        headers={
            "Host": f"localhost:{port}",
            "Authorization": f"Api-Key {key}",
            "Content-Type": "application/json",
        },
    )
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 201, body
    opening_id = body["id"]
    committed["openings"].append(opening_id)
    status, _h, text = api.request(
        "POST",
        f"/api/v1/openings/{opening_id}/publish/",
        headers={"Authorization": f"Api-Key {key}"},
    )
    assert (status, json.loads(text)["status"]) == (200, "published")

    employee = _sign_in(port, "kolding.localhost", "employee@kolding.example")
    status, _h, page = employee.request("GET", f"/exchange/openings/{opening_id}/")
    assert status == 200 and "E2E: jobkonsulent søges" in page
    status, headers, _ = _post_form(
        employee,
        f"/exchange/openings/{opening_id}/apply/",
        {
            "motivation": "Lære",
            "goal_self": "Samtaler",
            "goal_workplaces": "Deling",
            "goal_organisation": "Job7",
        },
    )
    assert (status, headers["Location"]) == (302, "/exchange/my-swaps/")

    with django_db_blocker.unblock():
        application_id = Application.objects.get(opening_id=opening_id).pk
    hr = _sign_in(port, "vejle.localhost", "hr@vejle.example")
    status, headers, _ = _post_form(hr, f"/exchange/applications/{application_id}/accept/", {})
    assert status == 302
    with django_db_blocker.unblock():
        swap = Swap.objects.get(opening_id=opening_id)
    assert headers["Location"] == f"/exchange/swaps/{swap.pk}/"
    status, _h, page = employee.request("GET", f"/exchange/swaps/{swap.pk}/")
    assert status == 200 and "Bed min leder om at godkende" in page
    # The same swap page is a 404 for someone not part of the swap, on their own
    # host, and for a Kolding colleague of the swapper.
    bystander = _sign_in(port, "vejle.localhost", "employee@vejle.example")
    assert bystander.request("GET", f"/exchange/swaps/{swap.pk}/")[0] == 404
    colleague = _sign_in(port, "kolding.localhost", "coach@kolding.example")
    assert colleague.request("GET", f"/exchange/swaps/{swap.pk}/")[0] == 404
