"""The swap journey through HTTP on each party's own site: the checklist
starts when the agreement is signed; the logbook is private unless shared;
coach, evaluation, sharing and ideas; HR's checklist, numbers and exports;
isolation across municipalities."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.scopes import Scope
from api.services import api_client_create
from exchange.journey.models import ChecklistItem, Journey, LogbookEntry
from exchange.journey.services import reminders_send
from exchange.models import Swap, SwapStatus
from exchange.services.swaps import application_accept, application_submit
from tests.isolation import assert_same_as_missing, snapshot
from tests.matching_fixtures import person

GOALS = {
    "motivation": "m",
    "goal_self": "Lære motiverende samtaler",
    "goal_workplaces": "w",
    "goal_organisation": "o",
}


@pytest.fixture
def agreed(world, make_opening, client_for, delivered):
    """Kolding's employee swaps into Vejle's opening, agreed by everyone."""
    opening = make_opening()
    application = application_submit(actor=world.kolding.employee, opening=opening, **GOALS)
    with tenant_context(world.vejle.municipality):
        swap = application_accept(actor=world.vejle.hr, application=application)
    kolding = {
        "employee": client_for(world.kolding.employee, municipality=world.kolding.municipality),
        "leader": client_for(world.kolding.leader, municipality=world.kolding.municipality),
        "hr": client_for(world.kolding.hr, municipality=world.kolding.municipality),
        "coach": client_for(world.kolding.coach, municipality=world.kolding.municipality),
    }
    vejle = {
        "leader": client_for(world.vejle.leader, municipality=world.vejle.municipality),
        "hr": client_for(world.vejle.hr, municipality=world.vejle.municipality),
    }
    party = swap.parties.get()
    kolding["employee"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    kolding["leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}
    )
    vejle["leader"].post(f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"})
    for client in (kolding["employee"], kolding["leader"]):
        client.post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
    with delivered():
        vejle["leader"].post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AGREED
    return swap, party, kolding, vejle


def _path(swap, party, action=""):
    return f"/exchange/swaps/{swap.pk}/journey/{party.pk}/" + (f"{action}/" if action else "")


def _begin(world, swap, days_ago=5):
    """Move the swap (and journey) to have begun ``days_ago`` days ago."""
    start = timezone.localdate() - timedelta(days=days_ago)
    Swap.objects.filter(pk=swap.pk).update(period_start=start)
    with tenant_context(world.kolding.municipality):
        Journey.objects.update(period_start=start)
    return start


def test_the_journey_starts_when_the_agreement_is_signed(world, agreed, mailoutbox, delivered):
    swap, party, kolding, vejle = agreed
    with tenant_context(world.kolding.municipality):
        journey = Journey.objects.get()
        assert (journey.swap_id, journey.party_id, journey.coach_id) == (
            swap.pk,
            party.pk,
            world.kolding.coach.pk,
        )
        items = list(ChecklistItem.objects.order_by("due_on"))
        assert len(items) == 6
        assert items[0].due_on == swap.period_start - timedelta(days=21)
        assert {i.owner for i in items} == {"coach", "home_leader", "host_leader", "swapper"}
    with tenant_context(world.vejle.municipality):
        assert not Journey.objects.exists()  # the home municipality keeps it
    assert {m.to[0] for m in mailoutbox} >= {
        world.kolding.employee.email,
        world.kolding.coach.email,
    }
    page = kolding["employee"].get(_path(swap, party))
    assert page.status_code == 200 and "Forberedende samtale med coach" in page.content.decode()
    # The host leader ticks off the network map from their own site.
    host_item = next(i for i in items if i.owner == "host_leader")
    swapper_item = next(i for i in items if i.owner == "swapper")
    assert (
        vejle["leader"].post(_path(swap, party, "done"), {"item": host_item.pk}).status_code == 302
    )
    assert (
        vejle["leader"].post(_path(swap, party, "done"), {"item": swapper_item.pk}).status_code
        == 404
    )
    vejle["leader"].post(_path(swap, party, "contact"), {"name": "Lise Holm", "role": "Teamleder"})
    with tenant_context(world.kolding.municipality):
        assert ChecklistItem.objects.get(pk=host_item.pk).done_at is not None
        assert ChecklistItem.objects.get(pk=swapper_item.pk).done_at is None
        assert journey.contacts.get().name == "Lise Holm"
    # Reminders for items due within three days, once a day.
    mailoutbox.clear()
    with tenant_context(world.kolding.municipality):
        ChecklistItem.objects.filter(pk=swapper_item.pk).update(due_on=timezone.localdate())
        with delivered():
            assert reminders_send() >= 1
        assert world.kolding.employee.email in {m.to[0] for m in mailoutbox}
        with delivered():
            assert reminders_send() == 0


def test_the_logbook_is_private_unless_shared(world, agreed, client_for, outsider):
    swap, party, kolding, vejle = agreed
    start = _begin(world, swap)
    colleague = person(
        world.kolding, "nabo", {"employee"}, "jobcentre-caseworker", world.kolding.workplace_id
    )
    neighbour = client_for(colleague, municipality=world.kolding.municipality)
    # Outside the period, or ahead of today: refused, nothing stored.
    for day in (start - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        kolding["employee"].post(
            _path(swap, party, "logbook"), {"entry_date": day.isoformat(), "text": "x"}
        )
    kolding["employee"].post(
        _path(swap, party, "logbook"),
        {"entry_date": start.isoformat(), "text": "Hemmelig første dag"},
    )
    with tenant_context(world.kolding.municipality):
        entry = LogbookEntry.objects.get()
    assert "Hemmelig første dag" in kolding["employee"].get(_path(swap, party)).content.decode()
    for client in (kolding["leader"], kolding["hr"], kolding["coach"], vejle["leader"]):
        page = client.get(_path(swap, party))
        assert page.status_code == 200 and "Hemmelig første dag" not in page.content.decode()
    assert "Hemmelig første dag" not in neighbour.get("/journey/").content.decode()
    # Not on the journey at all: the same 404 as a missing journey.
    aarhus = client_for(outsider, municipality=outsider.municipality)
    for client in (vejle["hr"], aarhus, neighbour):
        assert_same_as_missing(
            client.get(_path(swap, party)), client.get(f"/exchange/swaps/{swap.pk}/journey/999999/")
        )
    # Addressed directly, the unshared entry is as missing as any.
    entry_path = _path(swap, party) + f"logbook/{entry.pk}/"
    missing_entry = _path(swap, party) + "logbook/999999/"
    assert kolding["employee"].get(entry_path).status_code == 200
    for client in (kolding["leader"], kolding["hr"], kolding["coach"], vejle["leader"]):
        assert_same_as_missing(client.get(entry_path), client.get(missing_entry))
    for client in (vejle["hr"], aarhus):
        assert_same_as_missing(client.get(entry_path), client.get(missing_entry))
    # The logbook form shows the swap's purpose as prompts (to the swapper).
    assert (
        "Lære motiverende samtaler" in kolding["employee"].get(_path(swap, party)).content.decode()
    )
    assert (
        "Lære motiverende samtaler" not in vejle["leader"].get(_path(swap, party)).content.decode()
    )
    # Shared with the leaders: both leaders read it, the coach still not.
    kolding["employee"].post(_path(swap, party, "share"), {"entry": entry.pk, "leaders": "on"})
    assert "Hemmelig første dag" in kolding["leader"].get(_path(swap, party)).content.decode()
    assert "Hemmelig første dag" in vejle["leader"].get(_path(swap, party)).content.decode()
    assert "Hemmelig første dag" not in kolding["coach"].get(_path(swap, party)).content.decode()
    assert vejle["leader"].get(entry_path).status_code == 200
    assert_same_as_missing(kolding["coach"].get(entry_path), kolding["coach"].get(missing_entry))
    # Only the swapper changes who may read it.
    with tenant_context(world.kolding.municipality):
        rows = snapshot(LogbookEntry.objects.all())
    kolding["leader"].post(_path(swap, party, "share"), {"entry": entry.pk, "colleagues": "on"})
    with tenant_context(world.kolding.municipality):
        assert snapshot(LogbookEntry.objects.all()) == rows
    kolding["employee"].post(_path(swap, party, "share"), {"entry": entry.pk, "colleagues": "on"})
    assert "Hemmelig første dag" in neighbour.get("/journey/").content.decode()
    assert "Hemmelig første dag" not in kolding["leader"].get(_path(swap, party)).content.decode()


def test_coach_evaluation_sharing_and_ideas(world, agreed, mailoutbox, delivered):
    swap, party, kolding, _vejle = agreed
    _begin(world, swap)
    today = timezone.localdate()
    r = kolding["coach"].post(
        _path(swap, party, "talk"),
        {"kind": "preparation", "held_on": today.isoformat(), "notes": "Formål skærpet"},
    )
    assert r.status_code == 302
    assert "Formål skærpet" in kolding["employee"].get(_path(swap, party)).content.decode()
    assert "Formål skærpet" not in kolding["leader"].get(_path(swap, party)).content.decode()
    assert (
        kolding["leader"]
        .post(
            _path(swap, party, "talk"),
            {"kind": "checkin", "held_on": today.isoformat(), "notes": "x"},
        )
        .status_code
        == 404
    )
    for level, outcome in (("self", "met"), ("workplaces", "partly"), ("organisation", "met")):
        kolding["employee"].post(
            _path(swap, party, "evaluation"), {"level": level, "outcome": outcome, "words": "Godt"}
        )
    kolding["employee"].post(
        _path(swap, party, "sharing"),
        {"kind": "staff_meeting", "planned_on": (today + timedelta(days=40)).isoformat()},
    )
    mailoutbox.clear()
    with delivered():
        kolding["employee"].post(
            _path(swap, party, "idea"),
            {
                "text": "Fælles tavlemøde",
                "owner": world.kolding.leader.pk,
                "follow_up_on": (today + timedelta(days=60)).isoformat(),
            },
        )
    assert [m.to for m in mailoutbox] == [[world.kolding.leader.email]]
    with tenant_context(world.kolding.municipality):
        journey = Journey.objects.get()
        assert dict(journey.evaluations.values_list("level", "outcome")) == {
            "self": "met",
            "workplaces": "partly",
            "organisation": "met",
        }
        assert journey.sharing.count() == 1 and journey.ideas.count() == 1


def test_hr_checklist_numbers_and_exports(world, agreed, client_for, outsider):
    from openpyxl import load_workbook

    swap, _party, kolding, vejle = agreed
    hr = kolding["hr"]
    assert hr.get("/journey/checklist/").status_code == 200
    hr.post(
        "/journey/checklist/", {"title": "Aftal frokost", "owner": "", "days_before_start": "2"}
    )
    hr.post(
        "/journey/checklist/",
        {"title": "Aftal frokost", "owner": "swapper", "days_before_start": "2"},
    )
    with tenant_context(world.kolding.municipality):
        from exchange.journey.models import ChecklistTemplateItem

        assert ChecklistTemplateItem.objects.filter(title="Aftal frokost").count() == 1
    assert kolding["employee"].get("/journey/checklist/").status_code == 404
    _begin(world, swap, days_ago=10)
    Swap.objects.filter(pk=swap.pk).update(period_end=timezone.localdate() - timedelta(days=1))
    year = (timezone.localdate() - timedelta(days=10)).year
    hr.post("/journey/numbers/", {"year": year, "swaps": "4"})
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
    aarhus = client_for(outsider, municipality=outsider.municipality)
    assert_same_as_missing(
        aarhus.get("/journey/networks/job7/"), aarhus.get("/journey/networks/nowhere/")
    )
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


def test_found_in_review(world, agreed, client_for):
    """A changed agreement moves the journey; over-long text and non-numbers
    are refused, not cut or zeroed; idea owners are the journey's own people
    and can note the follow-up; the host does not read the evaluation."""
    swap, party, kolding, vejle = agreed
    # The period is extended and everyone accepts again: the journey follows.
    new_end = swap.period_end + timedelta(days=30)
    agreement = swap.agreement
    form = {
        "period_start": swap.period_start.isoformat(),
        "period_end": new_end.isoformat(),
        "working_hours": agreement.working_hours,
        "pay": agreement.pay,
        "holidays": agreement.holidays,
        "excluded_tasks": agreement.excluded_tasks,
        "contacts": agreement.contacts,
        "right_to_return": agreement.right_to_return,
    }
    assert kolding["employee"].post(f"/exchange/swaps/{swap.pk}/change/", form).status_code == 302
    for client in (kolding["employee"], kolding["leader"], vejle["leader"]):
        client.post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 2})
    swap.refresh_from_db()
    assert (swap.status, swap.period_end) == (SwapStatus.AGREED, new_end)
    with tenant_context(world.kolding.municipality):
        assert Journey.objects.get().period_end == new_end
    start = _begin(world, swap)
    # Over-long text is refused, nothing cut.
    kolding["employee"].post(
        _path(swap, party, "logbook"), {"entry_date": start.isoformat(), "text": "x" * 20001}
    )
    with tenant_context(world.kolding.municipality):
        assert not LogbookEntry.objects.exists()
    # A target that is not a number is refused, not saved as 0.
    year = timezone.localdate().year
    kolding["hr"].post("/journey/numbers/", {"year": year, "swaps": "99999999999999999999"})
    kolding["hr"].post("/journey/numbers/", {"year": year, "swaps": "abc"})
    with tenant_context(world.kolding.municipality):
        from exchange.journey.models import Idea, Target

        assert not Target.objects.exists()
    kolding["hr"].post("/journey/numbers/", {"year": year, "swaps": " 4 "})
    with tenant_context(world.kolding.municipality):
        assert Target.objects.get().swaps == 4
    # An idea's owner must be one of the journey's own people.
    stranger = person(
        world.kolding, "fremmed", {"employee"}, "jobcentre-caseworker", world.kolding.workplace_id
    )
    follow = (timezone.localdate() + timedelta(days=30)).isoformat()
    kolding["employee"].post(
        _path(swap, party, "idea"), {"text": "Idé", "owner": stranger.pk, "follow_up_on": follow}
    )
    kolding["employee"].post(
        _path(swap, party, "idea"),
        {"text": "Idé", "owner": world.kolding.leader.pk, "follow_up_on": follow},
    )
    with tenant_context(world.kolding.municipality):
        idea = Idea.objects.get()
        assert idea.owner_id == world.kolding.leader.pk
    kolding["leader"].post(_path(swap, party, "outcome"), {"idea": idea.pk, "outcome": "Virker"})
    with tenant_context(world.kolding.municipality):
        assert Idea.objects.get().outcome == "Virker"
    # The evaluation is the home side's: the host leader does not read it.
    kolding["employee"].post(
        _path(swap, party, "evaluation"), {"level": "self", "outcome": "not", "words": "Svært"}
    )
    assert "Svært" in kolding["leader"].get(_path(swap, party)).content.decode()
    assert "Svært" not in vejle["leader"].get(_path(swap, party)).content.decode()
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
