"""Distances are measured from workplaces: an opening or a swap request
carries its workplace's place when HR has given one (else its
municipality's centre counts), and the search measures to the viewer's own
workplace (else their municipality's centre); matching measures between
the posts' places. Exact distances (great circle, R = 6371 km)."""

from decimal import Decimal
from math import acos, cos, radians, sin

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from exchange.matching.compatibility import km, link
from exchange.matching.services.pool import posts_of_requests, vacancy_pool
from exchange.models import SwapKind, SwapRequest
from exchange.selectors import OpeningQuery, opening_search
from exchange.services import opening_update
from exchange.services.openings import OPENING_FIELDS, OpeningData
from tenants.models import Network
from tenants.organisation import people
from tenants.organisation.models import Unit
from tenants.organisation.services import unit_update
from tests.matching_fixtures import swap_request

VEJLE_CENTRE, KOLDING_CENTRE = (55.7093, 9.5357), (55.4904, 9.4722)
VEJLE_WORKPLACE, KOLDING_WORKPLACE = (55.74, 9.55), (55.47, 9.43)


def great_circle(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    return 6371.0 * acos(cos(lat1) * cos(lat2) * cos(lon2 - lon1) + sin(lat1) * sin(lat2))


def _place(staff, unit_id, place):
    with tenant_context(staff.municipality):
        unit = Unit.objects.get(pk=unit_id)
        unit_update(
            actor=None,
            unit=unit,
            name=unit.name,
            parent=unit.parent,
            address=unit.address,
            latitude=Decimal(str(place[0])) if place else None,
            longitude=Decimal(str(place[1])) if place else None,
        )


@pytest.fixture
def vejle_placed(world):
    """Vejle's first workplace has a place; its second has none."""
    _place(world.vejle, world.vejle.workplace_id, VEJLE_WORKPLACE)


def _search(world, viewer, **query):
    with tenant_context(viewer.municipality):
        place = people.place_of(viewer)
    return opening_search(
        viewer_municipality=viewer.municipality,
        query=OpeningQuery(**query),
        viewer_workplace_place=place,
    )


def test_the_figures_used_here():
    assert round(great_circle(VEJLE_CENTRE, KOLDING_CENTRE), 3) == 24.665
    assert round(great_circle(VEJLE_WORKPLACE, KOLDING_CENTRE), 3) == 28.181
    assert round(great_circle(VEJLE_CENTRE, KOLDING_WORKPLACE), 3) == 27.425
    assert round(great_circle(VEJLE_WORKPLACE, KOLDING_WORKPLACE), 3) == 30.954
    assert round(great_circle(VEJLE_WORKPLACE, VEJLE_CENTRE), 3) == 3.529
    assert km(VEJLE_WORKPLACE, VEJLE_WORKPLACE) == 0.0


def test_an_opening_carries_its_workplaces_place_when_created_and_changed(
    world, vejle_placed, make_opening
):
    opening = make_opening()
    assert (opening.latitude, opening.longitude) == (Decimal("55.740000"), Decimal("9.550000"))
    # Moved to the workplace without a place: its municipality's centre counts.
    data = {field: getattr(opening, field) for field in OPENING_FIELDS}
    data.update(
        workplace_unit_id=world.vejle.other_workplace_id,
        professions=list(opening.professions.all()),
        learning_tags=list(opening.learning_tags.all()),
    )
    with tenant_context(world.vejle.municipality):
        opening = opening_update(actor=world.vejle.hr, opening=opening, data=OpeningData(**data))
    assert (opening.workplace_name, opening.latitude, opening.longitude) == (
        "Virksomhedsservice",
        None,
        None,
    )


def test_a_swap_request_carries_its_owners_workplaces_place(world, vejle_placed):
    placed = swap_request(world.vejle.employee)  # works at the placed workplace
    unplaced = swap_request(world.vejle.hr)  # works at the other
    assert (placed.latitude, placed.longitude) == (Decimal("55.740000"), Decimal("9.550000"))
    assert (unplaced.latitude, unplaced.longitude) == (None, None)


def test_search_measures_from_the_openings_place_to_the_viewers_workplace(
    world, vejle_placed, make_opening
):
    at_workplace = make_opening(title="Ved arbejdspladsen")
    at_centre = make_opening(title="Ved centrum", workplace_unit_id=world.vejle.other_workplace_id)
    kolding_employee = world.kolding.employee

    def distances(viewer, **query):
        result = _search(world, viewer, sort="distance", **query)
        return [(o.title, round(o.distance_km, 6)) for o in result.openings]

    # Kolding's employee's workplace has no place yet: Kolding's centre.
    assert distances(kolding_employee) == [
        ("Ved centrum", round(great_circle(VEJLE_CENTRE, KOLDING_CENTRE), 6)),
        ("Ved arbejdspladsen", round(great_circle(VEJLE_WORKPLACE, KOLDING_CENTRE), 6)),
    ]
    assert [o.title for o in _search(world, kolding_employee, max_distance_km=25).openings] == [
        "Ved centrum"
    ]
    # Once it has one, from there.
    _place(world.kolding, world.kolding.workplace_id, KOLDING_WORKPLACE)
    assert distances(kolding_employee) == [
        ("Ved centrum", round(great_circle(VEJLE_CENTRE, KOLDING_WORKPLACE), 6)),
        ("Ved arbejdspladsen", round(great_circle(VEJLE_WORKPLACE, KOLDING_WORKPLACE), 6)),
    ]
    assert _search(world, kolding_employee, max_distance_km=25).total == 0
    # In Vejle, from the other workplace (no place: Vejle's centre).
    assert distances(world.vejle.hr) == [
        ("Ved centrum", 0.0),
        ("Ved arbejdspladsen", round(great_circle(VEJLE_WORKPLACE, VEJLE_CENTRE), 6)),
    ]
    assert distances(world.vejle.employee) == [  # works at the placed workplace
        ("Ved arbejdspladsen", 0.0),
        ("Ved centrum", round(great_circle(VEJLE_WORKPLACE, VEJLE_CENTRE), 6)),
    ]
    assert {at_workplace.pk, at_centre.pk} == {
        o.pk for o in _search(world, world.vejle.employee).openings
    }


def test_the_browse_page_measures_from_the_viewers_workplace(
    world, vejle_placed, make_opening, client_for
):
    make_opening(title="Ved arbejdspladsen")
    _place(world.kolding, world.kolding.workplace_id, KOLDING_WORKPLACE)
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    page = kolding.get("/exchange/openings/", {"sort": "distance"}).content.decode()
    assert "Jobafklaring, Vejle Kommune · 31 km" in page
    assert (
        kolding.get("/exchange/openings/", {"max_distance_km": "25"})
        .content.decode()
        .count("Jobafklaring, Vejle Kommune")
        == 0
    )
    # Within one's own municipality a distance shows once places differ.
    vejle_hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert (
        "Jobafklaring, Vejle Kommune · 4 km" in vejle_hr.get("/exchange/openings/").content.decode()
    )


def test_matching_measures_between_the_posts_places(world, vejle_placed, make_opening):
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    a = swap_request(world.vejle.employee, wished_municipalities=[kolding])
    b = swap_request(world.kolding.employee, wished_municipalities=[vejle])
    c = swap_request(world.vejle.hr)  # Vejle's other workplace: no place
    posts = posts_of_requests(
        SwapRequest.objects.filter(pk__in=[a.pk, b.pk, c.pk]), timezone.localdate()
    )
    assert (posts[a.pk].location, posts[b.pk].location, posts[c.pk].location) == (
        VEJLE_WORKPLACE,
        KOLDING_CENTRE,
        VEJLE_CENTRE,
    )
    relations = {}
    assert link(posts[a.pk], posts[b.pk], relations).explanation["distance_km"] == 28
    # Within one municipality, two places apart are a distance too.
    assert link(posts[c.pk], posts[a.pk], relations).explanation["distance_km"] == 4
    _place(world.kolding, world.kolding.workplace_id, KOLDING_WORKPLACE)
    b2 = swap_request(world.kolding.employee, wished_municipalities=[vejle], max_distance_km=30)
    posts = posts_of_requests(
        SwapRequest.objects.filter(pk__in=[a.pk, b2.pk]), timezone.localdate()
    )
    assert posts[b2.pk].location == KOLDING_WORKPLACE
    assert link(posts[a.pk], posts[b2.pk], relations).explanation["distance_km"] == 31
    # 30.95 km between the workplaces: beyond B's 30 km, though the centres are 25 apart.
    assert link(posts[b2.pk], posts[a.pk], relations) is None
    # A vacant post is where its workplace is.
    vacancy = make_opening(kind=SwapKind.NECESSITY_ROTATION)
    posts = vacancy_pool(Network.objects.get(slug="job7"), timezone.localdate(), only=vacancy.pk)
    assert posts[-vacancy.pk].location == VEJLE_WORKPLACE
