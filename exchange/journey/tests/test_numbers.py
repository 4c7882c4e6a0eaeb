"""Numbers for management: HR's yearly target, the municipality's numbers
and a network's, as pages, CSV and XLSX, and through the partner API (a
municipality's own; a network's for its members only)."""

import io
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from api.scopes import Scope
from api.services import api_client_create
from exchange.journey.models import Target
from exchange.journey.tests.support import begin
from exchange.models import Swap
from tests.isolation import assert_same_as_missing, isolation_case


@isolation_case("journey:network", "journey:network-csv", "journey:network-xlsx")
def test_hr_numbers_and_exports(world, agreed, client_for, outsider):
    swap, hr, vejle = agreed.swap, agreed.kolding["hr"], agreed.vejle
    begin(world, swap, days_ago=10)
    Swap.objects.filter(pk=swap.pk).update(period_end=timezone.localdate() - timedelta(days=1))
    year = (timezone.localdate() - timedelta(days=10)).year
    saved = hr.post("/journey/numbers/target/", {"year": year, "swaps": "4"})
    assert (saved.status_code, saved["Location"]) == (302, f"/journey/numbers/?year={year}")
    page = hr.get(f"/journey/numbers/?year={year}").content.decode()
    assert "Beskæftigelse" in page and "Kolding → Vejle" in page
    csv_body = hr.get(f"/journey/numbers.csv?year={year}").content.decode("utf-8-sig")
    assert csv_body.splitlines()[1].startswith(f"Kolding;{year};1;1;4;25;")
    book = load_workbook(io.BytesIO(hr.get(f"/journey/numbers.xlsx?year={year}").content))
    numbers_sheet = book.worksheets[0]
    assert [c.value for c in numbers_sheet[2]][:5] == ["Kolding", year, 1, 1, 4]
    assert [c.value for c in book.worksheets[2][2]] == ["Kolding", "Vejle", 1]
    network = vejle["hr"].get(f"/journey/networks/job7/?year={year}").content.decode()
    assert "Kolding" in network and "Vejle" in network
    network_csv = vejle["hr"].get(f"/journey/networks/job7/numbers.csv?year={year}")
    assert (
        network_csv.content.decode("utf-8-sig")
        .splitlines()[1]
        .startswith(f"Kolding;{year};1;1;4;25;")
    )
    network_book = load_workbook(
        io.BytesIO(vejle["hr"].get(f"/journey/networks/job7/numbers.xlsx?year={year}").content)
    )
    assert [ws.title for ws in network_book.worksheets] == ["Tal", "Strømme"]
    aarhus = client_for(outsider, municipality=outsider.municipality)
    for tail in ("", "numbers.csv", "numbers.xlsx"):
        assert_same_as_missing(
            aarhus.get(f"/journey/networks/job7/{tail}"),
            aarhus.get(f"/journey/networks/nowhere/{tail}"),
        )
    for path in ("/journey/numbers/", "/journey/numbers.csv", "/journey/networks/job7/"):
        assert agreed.kolding["leader"].get(path).status_code == 404
    # The API: a municipality's own numbers; a network's for members only.
    keys = {}
    for name, municipality in (
        ("kolding", world.kolding.municipality),
        ("aarhus", outsider.municipality),
    ):
        _c, keys[name] = api_client_create(
            actor=None, name=name, scopes=[Scope.STATISTICS_READ], municipality=municipality
        )
    api = client_for()
    own = api.get(
        f"/api/v1/statistics/?year={year}", HTTP_AUTHORIZATION=f"Api-Key {keys['kolding']}"
    ).json()
    assert (own["municipality"], own["started"], own["completed"], own["target"]) == (621, 1, 1, 4)
    assert own["units"] == [
        {"administration": "Beskæftigelse", "department": "Jobcenter", "started": 1, "completed": 1}
    ]
    net = api.get(
        f"/api/v1/networks/job7/statistics/?year={year}",
        HTTP_AUTHORIZATION=f"Api-Key {keys['kolding']}",
    ).json()
    assert {m["municipality"] for m in net["members"]} == {621, 630}
    assert net["flows"] == [
        {"from_municipality": "Kolding", "to_municipality": "Vejle", "swappers": 1}
    ]
    foreign = api.get(
        "/api/v1/networks/job7/statistics/", HTTP_AUTHORIZATION=f"Api-Key {keys['aarhus']}"
    )
    missing = api.get(
        "/api/v1/networks/nowhere/statistics/", HTTP_AUTHORIZATION=f"Api-Key {keys['aarhus']}"
    )
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()
    bad = api.get("/api/v1/statistics/?year=abc", HTTP_AUTHORIZATION=f"Api-Key {keys['kolding']}")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"


def test_a_target_that_is_not_a_number_is_refused(world, agreed, client_for):
    """Refused, not saved as 0; and HR's only."""
    hr = agreed.kolding["hr"]
    year = timezone.localdate().year
    hr.post("/journey/numbers/target/", {"year": year, "swaps": "99999999999999999999"})
    hr.post("/journey/numbers/target/", {"year": year, "swaps": "abc"})
    assert (
        agreed.kolding["leader"]
        .post("/journey/numbers/target/", {"year": year, "swaps": "4"})
        .status_code
        == 404
    )
    with tenant_context(world.kolding.municipality):
        assert not Target.objects.exists()
    hr.post("/journey/numbers/target/", {"year": year, "swaps": " 4 "})
    with tenant_context(world.kolding.municipality):
        assert Target.objects.get().swaps == 4
    api = client_for()
    _c, key = api_client_create(
        actor=None,
        name="k",
        scopes=[Scope.STATISTICS_READ],
        municipality=world.kolding.municipality,
    )
    long_year = api.get(
        "/api/v1/statistics/?year=" + "9" * 5000, HTTP_AUTHORIZATION=f"Api-Key {key}"
    )
    assert long_year.status_code == 400
