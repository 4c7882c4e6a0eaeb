"""Swap requests: published without names, revealed on mutual interest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.scopes import Scope
from api.services import api_client_create
from exchange.models import Interest, RequestStatus, Swap, SwapRequest, SwapStatus, Visibility
from exchange.services.requests import RequestData, interest_express, swap_request_create
from tenants.models import Network
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from vocabulary.models import Profession


def _data(**overrides):
    today = timezone.localdate()
    values = dict(
        profession=Profession.objects.get(code="jobcentre-caseworker"),
        workplace_type="Jobcenter",
        wished_professions=[Profession.objects.get(code="jobcentre-caseworker")],
        period_start=today + timedelta(days=30),
        period_end=today + timedelta(days=90),
        format="full",
        goal_self="Nye metoder",
        goal_workplaces="Videndeling",
        goal_organisation="Stærkere Job7",
    )
    values.update(overrides)
    return RequestData(**values)


@pytest.fixture
def publish(world):
    def make(user, **overrides):
        if overrides.get("visibility") == Visibility.NETWORK:
            overrides.setdefault("network", Network.objects.get(slug="job7"))
        with tenant_context(user.municipality):
            return swap_request_create(actor=user, data=_data(**overrides))

    return make


def test_a_request_shows_no_name_to_others(world, publish, client_for):
    request = publish(world.vejle.employee)
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    listing = kolding.get("/exchange/requests/").content.decode()
    detail = kolding.get(f"/exchange/requests/{request.pk}/").content.decode()
    for page in (listing, detail):
        assert f"Jobkonsulent, Jobcenter, Vejle (#{request.pk})" in page
        assert "Medarbejder Vejle" not in page
        assert "employee@vejle.example" not in page
        assert "Jobafklaring" not in page  # the workplace stays hidden too


def test_mutual_interest_reveals_and_starts_a_swap(
    world, publish, client_for, django_capture_on_commit_callbacks
):
    vejle_request = publish(world.vejle.employee)
    kolding_request = publish(world.kolding.employee)
    with django_capture_on_commit_callbacks(execute=True):
        interest_express(
            actor=world.kolding.employee, from_request=kolding_request, to_request=vejle_request
        )
    assert [m.to for m in mail.outbox] == [["employee@vejle.example"]]
    assert "Medarbejder Kolding" not in mail.outbox[0].body  # still anonymous
    mail.outbox.clear()
    assert not Swap.objects.exists()

    vejle = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        vejle.post(
            f"/exchange/requests/{kolding_request.pk}/interest/", {"from_request": vejle_request.pk}
        )
    swap = Swap.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "employee@kolding.example",
        "employee@vejle.example",
    ]
    to_vejle = next(m for m in mail.outbox if m.to == ["employee@vejle.example"])
    assert "Medarbejder Kolding (employee@kolding.example)" in to_vejle.body
    assert (swap.status, swap.period_start, swap.period_end) == (
        SwapStatus.AWAITING_APPROVAL,
        vejle_request.period_start,
        vejle_request.period_end,
    )
    parties = {
        (p.swapper_id, p.home_municipality.code, p.host_municipality.code, p.host_workplace_name)
        for p in swap.parties.select_related("home_municipality", "host_municipality")
    }
    assert parties == {
        (world.vejle.employee.pk, 630, 621, "Jobafklaring"),
        (world.kolding.employee.pk, 621, 630, "Jobafklaring"),
    }
    assert set(SwapRequest.objects.values_list("status", flat=True)) == {RequestStatus.MATCHED}
    page = vejle.get(f"/exchange/swaps/{swap.pk}/").content.decode()
    assert "Medarbejder Kolding" in page  # revealed to the other party
    # Kolding's leader is both the Kolding swapper's own leader and the receiving
    # leader for the Vejle swapper: they learn of the swap only when their own
    # employee involves them.
    kolding_leader = client_for(world.kolding.leader, municipality=world.kolding.municipality)
    assert kolding_leader.get(f"/exchange/swaps/{swap.pk}/").status_code == 404
    vejle_party = swap.parties.get(swapper=world.vejle.employee)
    assert (
        kolding_leader.post(
            f"/exchange/swaps/{swap.pk}/approve/", {"party": vejle_party.pk, "side": "host"}
        ).status_code
        == 404
    )
    client_for(world.kolding.employee, municipality=world.kolding.municipality).post(
        f"/exchange/swaps/{swap.pk}/involve-leader/"
    )
    assert kolding_leader.get(f"/exchange/swaps/{swap.pk}/").status_code == 200


def test_interest_rules(world, publish, outsider):
    mine = publish(world.kolding.employee)
    theirs = publish(world.vejle.employee)
    interest_express(actor=world.kolding.employee, from_request=mine, to_request=theirs)
    with pytest.raises(ValidationError, match="allerede"):
        interest_express(actor=world.kolding.employee, from_request=mine, to_request=theirs)
    later = publish(
        world.vejle.hr,
        period_start=timezone.localdate() + timedelta(days=200),
        period_end=timezone.localdate() + timedelta(days=230),
    )
    with pytest.raises(ValidationError):
        interest_express(actor=world.kolding.employee, from_request=mine, to_request=later)
    with pytest.raises(SwapRequest.DoesNotExist):
        interest_express(
            actor=world.vejle.employee, from_request=mine, to_request=theirs
        )  # not theirs to use
    assert Interest.objects.count() == 1


@isolation_case("exchange:request")
def test_job7_request_is_invisible_outside_job7(world, publish, outsider, client_for):
    request = publish(world.vejle.employee, visibility=Visibility.NETWORK)
    aarhus = client_for(outsider, municipality=outsider.municipality)
    assert_same_as_missing(
        aarhus.get(f"/exchange/requests/{request.pk}/"), aarhus.get("/exchange/requests/999999/")
    )
    before = snapshot(SwapRequest.objects.all(), Interest.objects.all())
    assert (
        aarhus.post(f"/exchange/requests/{request.pk}/interest/", {"from_request": 1}).status_code
        == 404
    )
    assert (
        aarhus.post(f"/exchange/requests/{request.pk}/withdraw/", {"reason": "x"}).status_code
        == 404
    )
    assert snapshot(SwapRequest.objects.all(), Interest.objects.all()) == before
    _c, key = api_client_create(
        actor=None, name="Aarhus", scopes=[Scope.EXCHANGE_READ], municipality=outsider.municipality
    )
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get(f"/api/v1/swap-requests/{request.pk}/").status_code == 404
    _c, key = api_client_create(
        actor=None,
        name="Kolding",
        scopes=[Scope.EXCHANGE_READ],
        municipality=world.kolding.municipality,
    )
    body = (
        Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")
        .get(f"/api/v1/swap-requests/{request.pk}/")
        .json()
    )
    assert body["profession"] == "jobcentre-caseworker"
    assert "owner" not in body and "workplace_name" not in body


def test_withdraw_needs_a_reason_and_only_the_owner_may(world, publish, client_for):
    request = publish(world.vejle.employee)
    owner = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    response = owner.post(f"/exchange/requests/{request.pk}/withdraw/", {"reason": ""}, follow=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACTIVE
    assert response.status_code == 200
    other = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert (
        other.post(f"/exchange/requests/{request.pk}/withdraw/", {"reason": "x"}).status_code == 404
    )
    owner.post(f"/exchange/requests/{request.pk}/withdraw/", {"reason": "Ny stilling"})
    request.refresh_from_db()
    assert (request.status, request.withdrawn_reason) == (RequestStatus.WITHDRAWN, "Ny stilling")


def test_publishing_through_the_page_validates(world, client_for):
    page = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    today = timezone.localdate()
    form = {
        "profession": Profession.objects.get(code="jobcentre-caseworker").pk,
        "workplace_type": "Jobcenter",
        "wished_professions": [Profession.objects.get(code="social-worker").pk],
        "format": "part_time",
        "period_start": (today + timedelta(days=30)).isoformat(),
        "period_end": (today + timedelta(days=10)).isoformat(),
        "goal_self": "a",
        "goal_workplaces": "b",
        "goal_organisation": "c",
        "visibility": "all",
    }
    before = snapshot(SwapRequest.objects.all())
    response = page.post("/exchange/my-requests/new/", form)
    assert response.status_code == 200
    assert snapshot(SwapRequest.objects.all()) == before
    form.update(period_end=(today + timedelta(days=60)).isoformat(), days_per_week="2")
    response = page.post("/exchange/my-requests/new/", form)
    created = SwapRequest.objects.get(owner=world.vejle.employee)
    assert response["Location"] == f"/exchange/requests/{created.pk}/"
    assert (created.workplace_name, created.days_per_week) == ("Jobafklaring", 2)
