from datetime import date, timedelta
from math import acos, cos, radians, sin

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchange.models import SwapFormat, SwapKind, Visibility
from exchange.selectors import OpeningQuery, opening_search, query_from_params
from vocabulary.models import Profession


def _search(world, municipality=None, **query):
    return opening_search(
        viewer_municipality=municipality or world.kolding.municipality, query=OpeningQuery(**query)
    )


def test_danish_full_text_search_stems_words(world, make_opening):
    wanted = make_opening(
        title="Følordning i hjemmesygeplejen", description="Se hvordan vi planlægger besøgene."
    )
    make_opening(title="Jobbytte i jobcentret")
    result = _search(world, text="besøg")
    assert [o.pk for o in result.openings] == [wanted.pk]
    assert (
        _search(world, text="hjemmesygeplejens").total == 1
    )  # the genitive stems to the same word


def test_profession_and_competence_names_are_searchable_in_both_languages(world, make_opening):
    opening = make_opening(professions=[Profession.objects.get(code="home-nurse")])
    assert [o.pk for o in _search(world, text="hjemmesygeplejerske").openings] == [opening.pk]
    assert [o.pk for o in _search(world, text="motiverende samtaler").openings] == [opening.pk]


def test_facets_count_with_every_other_filter_applied(world, make_opening):
    nurse = Profession.objects.get(code="nurse")
    caseworker = Profession.objects.get(code="jobcentre-caseworker")
    make_opening(professions=[caseworker])
    make_opening(professions=[caseworker], format=SwapFormat.PART_TIME, days_per_week=2)
    make_opening(professions=[nurse], kind=SwapKind.SHADOWING, format=SwapFormat.VISIT)
    make_opening(actor=world.kolding.hr, professions=[nurse])

    result = _search(world, municipality=world.vejle.municipality, professions=["nurse"])
    assert result.total == 2
    professions = {f.value: (f.count, f.selected) for f in result.facets["professions"]}
    assert professions == {"nurse": (2, True), "jobcentre-caseworker": (2, False)}
    assert {f.value: f.count for f in result.facets["formats"]} == {"full": 1, "visit": 1}
    assert {f.value: f.count for f in result.facets["municipalities"]} == {621: 1, 630: 1}

    part_time = _search(world, formats=["part_time"], days_per_week=[2])
    assert part_time.total == 1
    assert {f.value: f.count for f in part_time.facets["days_per_week"]} == {2: 1}


def test_period_overlap_and_distance(world, outsider, make_opening):
    today = timezone.localdate()
    soon = make_opening(
        period_start=today + timedelta(days=40), period_end=today + timedelta(days=50)
    )
    make_opening(
        period_start=today + timedelta(days=200),
        period_end=today + timedelta(days=260),
        expires_on=today + timedelta(days=100),
    )
    window = _search(
        world, window_start=today + timedelta(days=45), window_end=today + timedelta(days=80)
    )
    assert [o.pk for o in window.openings] == [soon.pk]
    # Vejle lies about 25 km from Kolding and about 60 km from Aarhus.
    near = _search(world, municipality=world.kolding.municipality, max_distance_km=40)
    assert near.total == 2

    (lat1, lon1), (lat2, lon2) = [
        (radians(float(m.latitude)), radians(float(m.longitude)))
        for m in (world.kolding.municipality, world.vejle.municipality)
    ]
    expected = 6371.0 * acos(cos(lat1) * cos(lat2) * cos(lon2 - lon1) + sin(lat1) * sin(lat2))
    assert round(near.openings[0].distance_km, 6) == round(expected, 6)
    assert _search(world, municipality=outsider.municipality, max_distance_km=40).total == 0


def test_pagination_and_sorting(world, make_opening):
    today = timezone.localdate()
    created = [
        make_opening(
            title=f"Plads {n}",
            period_start=today + timedelta(days=60 - n),
            period_end=today + timedelta(days=120),
        )
        for n in range(5)
    ]
    first = _search(world, sort="start", page_size=2)
    assert (first.total, first.pages, [o.title for o in first.openings]) == (
        5,
        3,
        ["Plads 4", "Plads 3"],
    )
    last = _search(world, sort="start", page_size=2, page=99)
    assert (last.page, [o.title for o in last.openings]) == (3, ["Plads 0"])
    newest = _search(world, sort="newest", page_size=5)
    assert [o.pk for o in newest.openings] == [o.pk for o in reversed(created)]


def test_query_count_does_not_grow_with_page_size(world, make_opening, django_assert_num_queries):
    for n in range(6):
        make_opening(title=f"Plads {n}", visibility=Visibility.NETWORK)

    _search(world)  # the schema switch back to public is not the search's own query
    with CaptureQueriesContext(connection) as small:
        assert len(_search(world, page_size=1).openings) == 1
    with CaptureQueriesContext(connection) as large:
        assert len(_search(world, page_size=6).openings) == 6
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_query_string_drops_what_is_not_allowed(world):
    """The page, the API and saved searches read a search the same way:
    an unknown value drops its whole parameter, never an error."""

    query = query_from_params(
        QueryDict(
            "text=+samtaler+&professions=jobcentre-caseworker&professions=social-worker"
            "&kinds=nope&formats=full&municipalities=630&municipalities=0630"
            "&days_per_week=2&max_distance_km=50&window_start=2027-03-01"
            "&window_end=31.12.2027&sort=closing&page=3"
        ),
        page_size=5,
    )
    assert query == OpeningQuery(
        text="samtaler",
        professions=["jobcentre-caseworker", "social-worker"],
        formats=["full"],
        days_per_week=[2],
        max_distance_km=50,
        window_start=date(2027, 3, 1),
        window_end=date(2027, 12, 31),
        sort="closing",
        page=3,
        page_size=5,
    )
    odd = query_from_params(
        QueryDict("text=" + "x" * 201 + "&max_distance_km=51&page=0&sort=dearest&window_end=nej")
    )
    assert odd == OpeningQuery(text="", sort="relevance", page=1)
