"""Cross-municipality negatives: a journey lives in the swapper's home
municipality's schema (Kolding's here; Vejle is the host). For every address
of a journey, with every id in it: another municipality's people (Vejle's
who take no part in the swap, and Aarhus outside the network) and Kolding's
own who take no part (a colleague at the same workplace, with a journey of
their own) get the same 404 as for a missing journey; a participant
addressing another journey's checklist item, entry, sharing or idea through
their own journey gets the same 404 as for a missing one; a participant
without the part a write needs gets the same 404 as for a missing object.
Nothing changes, no mail leaves, no task is sent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.journey.models import (
    ChecklistItem,
    ChecklistTemplateItem,
    CoachTalk,
    GoalEvaluation,
    Idea,
    Journey,
    LogbookEntry,
    NetworkContact,
    SharingActivity,
    Target,
)
from exchange.journey.selectors import journey_for_participant
from exchange.journey.services import (
    checklist_template_item_add,
    idea_add,
    logbook_entry_add,
    sharing_activity_plan,
)
from exchange.journey.tests.support import begin, journey_url
from exchange.journey.urls import journey_patterns
from tests.isolation import assert_same_as_missing, isolation_case, snapshot

MISSING = 999999


def _journey_state(world):
    """Everything of the journey app in both schemas, and their audit trails."""
    state = []
    for staff in (world.kolding, world.vejle):
        with tenant_context(staff.municipality):
            state += snapshot(
                Journey.objects.all(),
                ChecklistItem.objects.all(),
                NetworkContact.objects.all(),
                LogbookEntry.objects.all(),
                CoachTalk.objects.all(),
                GoalEvaluation.objects.all(),
                SharingActivity.objects.all(),
                Idea.objects.all(),
                ChecklistTemplateItem.objects.all(),
                Target.objects.all(),
                AuditEvent.objects.all(),
            )
    return state


def _fill(world, swap, party, swapper):
    """One of each object a journey's addresses name, written by its swapper
    (the swap has begun): (checklist item, logbook entry, sharing, idea)."""
    access = journey_for_participant(user=swapper, swap_id=swap.pk, party_id=party.pk)
    today = timezone.localdate()
    entry = logbook_entry_add(actor=swapper, access=access, entry_date=today, text="Dag")
    activity = sharing_activity_plan(
        actor=swapper, access=access, kind="staff_meeting", planned_on=today
    )
    idea = idea_add(
        actor=swapper,
        access=access,
        text="Idé",
        owner_id=swapper.pk,
        follow_up_on=today + timedelta(days=30),
    )
    with tenant_context(world.kolding.municipality):
        item = ChecklistItem.objects.filter(journey=access.journey, owner="swapper").first()
    return {"item": item.pk, "entry": entry.pk, "activity": activity.pk, "idea": idea.pk}


def _addresses(*, coach_id: int, owner_id: int) -> list[tuple[str, str, dict]]:
    """(method, tail under the journey, form) for every address of a journey,
    with the form a participant allowed to would send; "{item}" and the like
    stand for the ids of the journey's objects (see _fill)."""
    today = timezone.localdate().isoformat()
    return [
        ("get", "", {}),
        ("get", "logbook/{entry}/", {}),
        ("post", "coach/", {"coach": coach_id}),
        ("post", "checklist/{item}/done/", {}),
        ("post", "contacts/", {"name": "Lise Holm", "role": "Teamleder"}),
        ("post", "cadence/", {"cadence": "daily"}),
        ("post", "logbook/", {"entry_date": today, "text": "Skjult"}),
        ("post", "logbook/{entry}/share/", {"coach": "on", "leaders": "on", "colleagues": "on"}),
        ("post", "coach-talks/", {"kind": "checkin", "held_on": today, "notes": "Noter"}),
        ("post", "evaluations/", {"level": "self", "outcome": "met", "words": "Godt"}),
        ("post", "sharing/", {"kind": "intranet", "planned_on": today}),
        ("post", "sharing/{activity}/done/", {}),
        ("post", "ideas/", {"text": "Idé", "owner": owner_id, "follow_up_on": today}),
        ("post", "ideas/{idea}/follow-up/", {"outcome": "Virker"}),
    ]


def _request(client, method, path, form):
    return client.get(path) if method == "get" else client.post(path, form)


def _same_as_missing(foreign, missing, *where) -> None:
    """assert_same_as_missing, saying which case failed."""
    try:
        assert_same_as_missing(foreign, missing)
    except AssertionError as error:
        raise AssertionError(f"{where}: {error}") from error


@pytest.fixture
def two_journeys(world, agreed, agree, colleague):
    """Kolding's employee's journey (agreed) and the colleague's, both in
    Kolding's schema, both begun, each with one of every object."""
    other_swap, other_party = agree(colleague)
    begin(world, agreed.swap)
    begin(world, other_swap)
    ids = _fill(world, agreed.swap, agreed.party, world.kolding.employee)
    other_ids = _fill(world, other_swap, other_party, colleague)
    return ids, other_ids


@isolation_case(
    "journey:cadence",
    "journey:checklist-item-done",
    "journey:coach-assign",
    "journey:coach-talk-add",
    "journey:contact-add",
    "journey:entry",
    "journey:entry-add",
    "journey:entry-share",
    "journey:evaluation",
    "journey:idea-add",
    "journey:idea-follow-up",
    "journey:journey",
    "journey:sharing-add",
    "journey:sharing-done",
)
def test_no_one_outside_the_journey_reaches_it(
    world, agreed, two_journeys, client_for, outsider, colleague, isolated
):
    ids, _other_ids = two_journeys
    swap, party = agreed.swap, agreed.party
    with tenant_context(world.vejle.municipality):
        # The ids mean nothing in Vejle's schema (a precondition of the test).
        assert not Journey.objects.filter(party_id=party.pk).exists()
    strangers = {
        "Vejle's HR": agreed.vejle["hr"],
        "Vejle's employee": client_for(world.vejle.employee, municipality=world.vejle.municipality),
        "Vejle's coach": client_for(world.vejle.coach, municipality=world.vejle.municipality),
        "Aarhus's HR": client_for(outsider, municipality=outsider.municipality),
        "Kolding's colleague": client_for(colleague, municipality=world.kolding.municipality),
    }
    addresses = _addresses(coach_id=world.kolding.coach.pk, owner_id=world.kolding.employee.pk)
    with isolated(lambda: _journey_state(world)):
        for name, client in strangers.items():
            for method, tail, form in addresses:
                tail = tail.format(**ids)
                foreign = journey_url(swap.pk, party.pk, tail)
                for missing in (
                    journey_url(MISSING, party.pk, tail),
                    journey_url(swap.pk, MISSING, tail),
                ):
                    _same_as_missing(
                        _request(client, method, foreign, form),
                        _request(client, method, missing, form),
                        name,
                        foreign,
                    )


@isolation_case(
    "journey:checklist-item-done",
    "journey:entry",
    "journey:entry-share",
    "journey:idea-follow-up",
    "journey:sharing-done",
)
def test_a_journey_does_not_reach_another_journeys_objects(world, agreed, two_journeys, isolated):
    """Kolding's employee and their home leader, HR and coach address the
    colleague's checklist item, entry, sharing and idea (same schema, so the
    ids are real) through their own journey: as missing as a missing one."""
    _ids, other_ids = two_journeys
    missing_ids = dict.fromkeys(other_ids, MISSING)
    addresses = [
        (method, tail, form)
        for method, tail, form in _addresses(
            coach_id=world.kolding.coach.pk, owner_id=world.kolding.employee.pk
        )
        if "{" in tail
    ]
    assert len(addresses) == 5
    with isolated(lambda: _journey_state(world)):
        for role, client in agreed.kolding.items():
            for method, tail, form in addresses:
                _same_as_missing(
                    _request(client, method, agreed.url(tail.format(**other_ids)), form),
                    _request(client, method, agreed.url(tail.format(**missing_ids)), form),
                    role,
                    tail,
                )


# What each participant may not do on the journey: the swapper's own
# checklist item, the logbook, the coach's and HR's parts, the home side's.
NOT_THEIRS = {
    "employee": ["coach/", "coach-talks/"],
    "leader": [
        "coach/", "checklist/{item}/done/", "contacts/", "cadence/", "logbook/",
        "logbook/{entry}/share/", "coach-talks/", "evaluations/",
    ],
    "hr": [
        "contacts/", "cadence/", "logbook/", "logbook/{entry}/share/", "coach-talks/",
        "evaluations/", "sharing/", "sharing/{activity}/done/", "ideas/",
    ],
    "coach": [
        "coach/", "checklist/{item}/done/", "contacts/", "cadence/", "logbook/",
        "logbook/{entry}/share/", "evaluations/", "sharing/", "sharing/{activity}/done/",
        "ideas/", "ideas/{idea}/follow-up/",
    ],
    "host leader": [
        "coach/", "checklist/{item}/done/", "cadence/", "logbook/", "logbook/{entry}/share/",
        "coach-talks/", "evaluations/", "sharing/", "sharing/{activity}/done/", "ideas/",
        "ideas/{idea}/follow-up/",
    ],
}  # fmt: skip


@isolation_case(
    "journey:cadence",
    "journey:checklist-item-done",
    "journey:coach-assign",
    "journey:coach-talk-add",
    "journey:contact-add",
    "journey:entry-add",
    "journey:entry-share",
    "journey:evaluation",
    "journey:idea-add",
    "journey:idea-follow-up",
    "journey:sharing-add",
    "journey:sharing-done",
)
def test_a_participant_does_only_their_part(world, agreed, two_journeys, isolated):
    """A write that is not the participant's answers as for a missing
    object of the journey (or, with no object in the address, as for a
    missing journey)."""
    ids, _other_ids = two_journeys
    missing_ids = dict.fromkeys(ids, MISSING)
    clients = {**agreed.kolding, "host leader": agreed.vejle["leader"]}
    forms = {
        tail: (method, form)
        for method, tail, form in _addresses(
            coach_id=world.kolding.coach.pk, owner_id=world.kolding.employee.pk
        )
    }
    with isolated(lambda: _journey_state(world)):
        for role, tails in NOT_THEIRS.items():
            for tail in tails:
                method, form = forms[tail]
                missing = (
                    agreed.url(tail.format(**missing_ids))
                    if "{" in tail
                    else journey_url(MISSING, agreed.party.pk, tail)
                )
                _same_as_missing(
                    _request(clients[role], method, agreed.url(tail.format(**ids)), form),
                    _request(clients[role], method, missing, form),
                    role,
                    tail,
                )


def test_every_address_of_a_journey_is_covered():
    """A new address under a journey must join _addresses, and so the
    tests above."""
    placeholders = {
        "{item}": "<int:item_id>",
        "{entry}": "<int:entry_id>",
        "{activity}": "<int:activity_id>",
        "{idea}": "<int:idea_id>",
    }
    covered = set()
    for _method, tail, _form in _addresses(coach_id=1, owner_id=1):
        for placeholder, converter in placeholders.items():
            tail = tail.replace(placeholder, converter)
        covered.add(tail)
    assert {str(pattern.pattern) for pattern in journey_patterns} == covered


def _template_state(world):
    state = []
    for staff in (world.kolding, world.vejle):
        with tenant_context(staff.municipality):
            state += snapshot(ChecklistTemplateItem.objects.all(), AuditEvent.objects.all())
    return state


@isolation_case("journey:checklist-template-remove")
def test_only_the_municipalitys_hr_removes_from_its_checklist_template(
    world, client_for, outsider, isolated
):
    """A template item lives in its municipality's schema: Vejle's HR (on
    Vejle's site) and Aarhus's HR addressing Kolding's item, and Kolding's
    own people who are not HR, get the same 404 as for a missing item."""
    with tenant_context(world.kolding.municipality):
        item = checklist_template_item_add(
            actor=world.kolding.hr, title="Aftal frokost", owner="swapper", days_before_start=2
        )
    with tenant_context(world.vejle.municipality):
        # The id means nothing in Vejle's schema (a precondition of the test).
        assert not ChecklistTemplateItem.objects.filter(pk=item.pk).exists()
    clients = [
        client_for(world.vejle.hr, municipality=world.vejle.municipality),
        client_for(outsider, municipality=outsider.municipality),
        *(
            client_for(getattr(world.kolding, role), municipality=world.kolding.municipality)
            for role in ("employee", "leader", "coach")
        ),
    ]
    with isolated(lambda: _template_state(world)):
        for client in clients:
            assert_same_as_missing(
                client.post(f"/journey/checklist/items/{item.pk}/remove/"),
                client.post(f"/journey/checklist/items/{MISSING}/remove/"),
            )
