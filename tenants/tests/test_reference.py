from collections import Counter

from tenants.models import Region
from tenants.reference import JOB7_CODES, official_municipalities, official_municipality


def test_all_98_municipalities_ship_with_unique_codes_and_hosts():
    rows = official_municipalities()
    assert len(rows) == 98
    assert len({row.slug for row in rows.values()}) == 98
    assert Counter(row.region for row in rows.values()) == {
        Region.HOVEDSTADEN: 29,
        Region.SJAELLAND: 17,
        Region.SYDDANMARK: 22,
        Region.MIDTJYLLAND: 19,
        Region.NORDJYLLAND: 11,
    }


def test_job7_codes_and_names():
    names = {code: official_municipality(code).name for code in JOB7_CODES}
    assert names == {
        630: "Vejle",
        510: "Haderslev",
        575: "Vejen",
        607: "Fredericia",
        621: "Kolding",
        530: "Billund",
        410: "Middelfart",
    }


def test_locations_lie_in_denmark():
    for row in official_municipalities().values():
        assert 54.5 <= row.latitude <= 57.8, row
        assert 8.0 <= row.longitude <= 15.2, row


def test_unknown_code_is_none():
    assert official_municipality(999) is None
