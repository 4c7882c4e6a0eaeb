"""Matching in the product: runs write proposals (pairs and rotations) from
the network's swap requests; members answer yes or no per link; everyone's
yes starts a swap that the leaders approve as in the exchange; a no falls
back to a smaller swap or returns the rest to the pool. Cross-municipality
negatives for proposals, runs and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from accounts.services import user_create
from api.scopes import Scope
from api.services import api_client_create
from exchange.matching.compatibility import Post, describe, link
from exchange.matching.services.execution import run_execute
from exchange.matching.services.pool import pool
from exchange.matching.services.proposals import proposals_expire_due
from exchange.matching.services.runs import run_request
from exchange.models import (
    Answer,
    MatchProposal,
    MatchRun,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    RunStatus,
    Swap,
    SwapKind,
    SwapRequest,
)
from exchange.services import OpeningData, opening_update
from exchange.services.openings import OPENING_FIELDS
from exchange.services.requests import interest_express, swap_request_withdraw
from exchange.services.swaps import application_accept, application_submit, swap_cancel
from tenants.models import Municipality, Network
from tenants.organisation.models import Unit
from tenants.organisation.services import employee_profile_set
from tests.isolation import assert_same_as_missing, carry_cookies, isolation_case
from tests.matching_fixtures import person
from tests.matching_fixtures import swap_request as _request
from vocabulary.models import CompetenceTag, Profession, ProfessionRelation

# --- The compatibility model (no database) ------------------------------------


def _post(pk, **overrides):
    values = dict(
        id=pk,
        owner_id=pk,
        municipality_id=630,
        location=(55.71, 9.53),
        member_networks=frozenset({1}),
        visibility="all",
        network_id=None,
        profession_id=1,
        wished_professions=frozenset({1}),
        wished_municipalities=frozenset(),
        max_distance_km=None,
        start=date(2027, 3, 1),
        end=date(2027, 5, 31),
        duration_weeks=None,
        format="full",
        learning=frozenset(),
        offered=frozenset(),
    )
    values.update(overrides)
    return Post(**values)


KOLDING = (55.49, 9.47)
RELATIONS = {(1, 2): "related", (1, 3): "interface"}


def test_a_link_needs_a_wished_and_related_profession():
    u = _post(1, wished_professions=frozenset({2, 3, 4}))
    assert link(u, _post(2, profession_id=2), RELATIONS).explanation["profession"] == "related"
    assert link(u, _post(3, profession_id=3), RELATIONS).explanation["profession"] == "interface"
    assert link(u, _post(4, profession_id=4), RELATIONS) is None  # wished but unrelated
    assert link(_post(5), _post(6, profession_id=2), RELATIONS) is None  # related, not wished
    assert link(_post(7), _post(7), RELATIONS) is None
    assert link(_post(8), _post(9, owner_id=8), RELATIONS) is None  # one person, two requests


def test_a_link_respects_place_distance_visibility_format_and_period():
    kolding = _post(2, municipality_id=621, location=KOLDING)
    assert link(_post(1), kolding, RELATIONS).explanation["distance_km"] == 25
    assert link(_post(1, max_distance_km=20), kolding, RELATIONS) is None
    assert link(_post(1, wished_municipalities=frozenset({751})), kolding, RELATIONS) is None
    assert link(_post(1, wished_municipalities=frozenset({621})), kolding, RELATIONS)
    own_only = _post(3, municipality_id=621, location=KOLDING, visibility="municipality")
    assert link(_post(1), own_only, RELATIONS) is None
    assert link(own_only, _post(1), RELATIONS) is None  # both must see each other
    network = _post(4, municipality_id=621, visibility="network", network_id=1)
    assert link(_post(1), network, RELATIONS)
    assert link(_post(1, member_networks=frozenset({9})), network, RELATIONS) is None
    assert link(_post(1), _post(5, format="visit"), RELATIONS) is None
    # 13 days' overlap is below the minimum of 14; a wish for 8 weeks needs 56.
    short = _post(6, start=date(2027, 5, 19))
    assert link(_post(1), short, RELATIONS) is None
    assert link(_post(1), _post(7, start=date(2027, 4, 10)), RELATIONS)
    assert link(_post(1, duration_weeks=8), _post(7, start=date(2027, 4, 10)), RELATIONS) is None


def test_the_score_and_its_plain_explanation(settings):
    u = _post(1, learning=frozenset({10, 11, 12}), start=date(2027, 3, 1))
    v = _post(2, municipality_id=621, location=KOLDING, offered=frozenset({10, 12, 13}))
    v = _post(2, **{**v.__dict__, "start": date(2027, 4, 19), "id": 2, "owner_id": 2})
    found = link(u, v, RELATIONS)
    assert found.explanation == {
        "profession": "same",
        "overlap_days": 43,
        "distance_km": 25,
        "goals_matched": 2,
        "goals_total": 3,
    }
    # same 40 + 6 weeks 12 + distance 20-2 = 18 + goals 2/3 of 20 = 13
    assert found.score == 40 + 12 + 18 + 13
    with translation.override("da"):
        assert describe(found.explanation) == (
            "samme fag, 6 ugers overlap, 25 km, matcher 2 af dine 3 læringsmål"
        )
    with translation.override("en"):
        assert describe(found.explanation) == (
            "same profession, 6 weeks overlap, 25 km, matches 2 of your 3 learning goals"
        )


# --- Runs and proposals -----------------------------------------------------------


def _colleague(staff, local: str, *, workplace_id=None):
    """Another caseworker in ``staff``'s municipality, led by its leader."""
    return person(
        staff,
        local,
        {Role.EMPLOYEE},
        "jobcentre-caseworker",
        workplace_id or staff.workplace_id,
        staff.leader,
    )


@pytest.fixture
def rotation(world):
    """Three caseworkers whose wishes only close as a rotation of three or a
    pair: A (Vejle) wants Kolding; B (Kolding) wants Kolding; C (Kolding)
    wants Vejle. Arcs A→B, A→C, B→C, C→A: the best is A→B→C→A."""
    kolding = world.kolding.municipality
    vejle = world.vejle.municipality
    a = _request(world.vejle.employee, wished_municipalities=[kolding])
    b_user = _colleague(world.kolding, "bente")
    b = _request(b_user, wished_municipalities=[kolding])
    c = _request(world.kolding.employee, wished_municipalities=[vejle])
    return a, b, c


def _run(world, **kwargs) -> MatchRun:
    """Queue a run (its task is not sent: the test never commits) and do it
    here, delivering the mails it decides."""
    network = Network.objects.get(slug="job7")
    with transaction.atomic():
        run = run_request(actor=world.vejle.hr, network=network, **kwargs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return run_execute(run.pk)


def test_a_run_proposes_the_rotation_that_places_most_people(world, rotation, mailoutbox):
    a, b, c = rotation
    run = _run(world)
    assert run.status == RunStatus.DONE and run.progress == 100
    assert (run.requests_count, run.arcs_count, run.people_placed) == (3, 4, 3)
    assert run.optimal is True and run.proposals_count == 1
    proposal = MatchProposal.objects.get()
    members = list(proposal.members.order_by("position"))
    ring = [(m.request_id, m.takes_id) for m in members]
    assert ring == [(a.pk, b.pk), (b.pk, c.pk), (c.pk, a.pk)]
    assert all(m.live and m.answer == Answer.PENDING for m in members)
    assert proposal.score == sum(m.score for m in members)
    assert members[0].explanation["distance_km"] == 25  # Vejle → Kolding
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [a.owner.email, b.owner.email, c.owner.email]
    )
    assert all(m.subject == "Et forslag til jobbytte til dig" for m in mailoutbox)
    # A second run finds everyone already in a live proposal.
    again = _run(world)
    assert (again.requests_count, again.proposals_count) == (0, 0)


def test_the_proposal_page_shows_posts_and_reasons_not_names(world, rotation, client_for):
    _a, b, _c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    page = client_for(world.vejle.employee, municipality=world.vejle.municipality).get(
        f"/exchange/proposals/{proposal.pk}/"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Jobkonsulent, Jobcenter, Kolding (#{b.pk})" in text
    assert "samme fag" in text and "25 km" in text
    assert "Medarbejder Kolding" not in text and "Kollega bente" not in text
    assert "Jobafklaring" not in text  # workplaces stay hidden too
    listing = client_for(world.vejle.employee, municipality=world.vejle.municipality).get(
        "/exchange/proposals/"
    )
    assert f"/exchange/proposals/{proposal.pk}/" in listing.content.decode()
    home = client_for(world.vejle.employee, municipality=world.vejle.municipality).get("/")
    assert "Svar på et forslag til jobbytte fra matchningen" in home.content.decode()


def test_everyone_saying_yes_starts_a_rotation_swap(
    world, rotation, client_for, mailoutbox, delivered
):
    a, b, c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    mailoutbox.clear()
    with delivered():
        for user, municipality in (
            (a.owner, world.vejle.municipality),
            (b.owner, world.kolding.municipality),
        ):
            response = client_for(user, municipality=municipality).post(
                f"/exchange/proposals/{proposal.pk}/accept/", {}
            )
            assert response.status_code == 302
    # Two of three have said yes: no swap yet, and no one is told anything.
    assert not Swap.objects.exists() and mailoutbox == []
    with delivered():
        response = client_for(c.owner, municipality=world.kolding.municipality).post(
            f"/exchange/proposals/{proposal.pk}/accept/", {}
        )
    proposal.refresh_from_db()
    swap = proposal.swap
    assert proposal.status == ProposalStatus.ACCEPTED
    assert response["Location"] == f"/exchange/swaps/{swap.pk}/"
    hosts = {
        p.swapper_id: (p.host_municipality_id, p.host_workplace_unit_id) for p in swap.parties.all()
    }
    assert hosts == {
        a.owner_id: (b.municipality_id, b.workplace_unit_id),
        b.owner_id: (c.municipality_id, c.workplace_unit_id),
        c.owner_id: (a.municipality_id, a.workplace_unit_id),
    }
    assert set(swap.requests.values_list("status", flat=True)) == {RequestStatus.MATCHED}
    assert not ProposalMember.objects.filter(live=True).exists()
    assert (swap.period_start, swap.period_end) == (proposal.period_start, proposal.period_end)
    # Now they see each other, and each swap page works for all three.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [a.owner.email, b.owner.email, c.owner.email]
    )
    assert "Kollega bente" in next(m.body for m in mailoutbox if m.to == [a.owner.email])
    page = client_for(a.owner, municipality=world.vejle.municipality).get(
        f"/exchange/swaps/{swap.pk}/"
    )
    assert page.status_code == 200 and "Kollega bente" in page.content.decode()


def test_a_no_falls_back_to_the_pair_left(world, rotation, client_for, mailoutbox, delivered):
    a, b, c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    kolding = client_for(c.owner, municipality=world.kolding.municipality)
    kolding.post(f"/exchange/proposals/{proposal.pk}/accept/", {})
    mailoutbox.clear()
    bente = client_for(b.owner, municipality=world.kolding.municipality)
    no_reason = bente.post(f"/exchange/proposals/{proposal.pk}/decline/", {})
    assert no_reason.status_code == 302
    assert MatchProposal.objects.get().status == ProposalStatus.PROPOSED  # nothing stored
    with delivered():
        bente.post(
            f"/exchange/proposals/{proposal.pk}/decline/",
            {"reason": "For langt væk"},
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    fallback = MatchProposal.objects.get(fallback_of=proposal)
    ring = {m.request_id: (m.takes_id, m.answer) for m in fallback.members.all()}
    # C still takes A's post, so C's yes carries over; A's post to take changed.
    assert ring == {a.pk: (c.pk, Answer.PENDING), c.pk: (a.pk, Answer.YES)}
    # Both hear of the new proposal (C's yes stands: same post, same period).
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.owner.email, c.owner.email])
    assert {m.subject for m in mailoutbox} == {"Et nyt, mindre forslag til jobbytte til dig"}
    # Bente's no is remembered: the next run does not propose B → C again.
    assert ProposalMember.objects.get(request=b, proposal=proposal).decline_reason
    client_for(a.owner, municipality=world.vejle.municipality).post(
        f"/exchange/proposals/{fallback.pk}/accept/", {}
    )
    fallback.refresh_from_db()
    assert fallback.status == ProposalStatus.ACCEPTED and fallback.swap.parties.count() == 2
    b.refresh_from_db()
    assert b.status == RequestStatus.ACTIVE  # back in the pool
    run = _run(world)
    assert run.requests_count == 1 and run.proposals_count == 0


def test_without_a_smaller_swap_the_rest_return_to_the_pool(
    world, client_for, mailoutbox, delivered
):
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    a = _request(world.vejle.employee, wished_municipalities=[kolding])
    b_user = _colleague(world.kolding, "bente")
    b = _request(b_user, wished_municipalities=[kolding])
    c = _request(world.kolding.employee, wished_municipalities=[vejle], max_distance_km=10)
    # C wishes Vejle but at most 10 km away: no C → A; there is nothing at all.
    assert _run(world).proposals_count == 0
    SwapRequest.objects.filter(pk=c.pk).update(max_distance_km=None)
    _run(world)
    proposal = MatchProposal.objects.get()
    mailoutbox.clear()
    with delivered(), tenant_context(world.vejle.municipality):
        swap_request_withdraw(actor=a.owner, request=a, reason="Ny stilling")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert not MatchProposal.objects.filter(fallback_of=proposal).exists()  # B→C, no C→B
    assert sorted(m.to[0] for m in mailoutbox) == sorted([b.owner.email, c.owner.email])
    assert {m.subject for m in mailoutbox} == {"Dit foreslåede jobbytte blev ikke til noget"}
    assert not ProposalMember.objects.filter(live=True).exists()


def test_a_person_is_never_in_two_live_proposals(world, rotation):
    a, _b, c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    other = MatchProposal.objects.create(
        network=proposal.network,
        period_start=proposal.period_start,
        period_end=proposal.period_end,
        score=0,
    )
    with pytest.raises(IntegrityError, match="one_live_proposal_per_person"), transaction.atomic():
        ProposalMember.objects.create(
            proposal=other, position=0, request=a, owner=a.owner, takes=c, score=50
        )
    # Once the first is over, the person may be proposed again.
    ProposalMember.objects.filter(proposal=proposal).update(live=False)
    ProposalMember.objects.create(
        proposal=other, position=0, request=a, owner=a.owner, takes=c, score=50
    )


def test_one_run_per_network_at_a_time_and_bad_lengths(world):
    network = Network.objects.get(slug="job7")
    run_request(actor=world.vejle.hr, network=network)
    with pytest.raises(ValidationError, match=r"allerede i gang|already under way"):
        run_request(actor=world.kolding.hr, network=network)
    with pytest.raises(ValidationError):
        run_request(actor=world.vejle.hr, network=network, max_cycle_length=5)
    assert MatchRun.objects.count() == 1
    # A run whose worker was lost does not block the network for ever.
    MatchRun.objects.update(created_at=timezone.now() - timedelta(hours=3))
    run_request(actor=world.kolding.hr, network=network)
    assert sorted(MatchRun.objects.values_list("status", "error")) == [
        ("failed", "stalled"),
        ("queued", ""),
    ]


def test_requests_at_a_leaderless_workplace_wait_outside_the_pool(world, rotation):
    d_user = _colleague(world.kolding, "dorte", workplace_id=world.kolding.other_workplace_id)
    d = _request(d_user)
    network = Network.objects.get(slug="job7")
    assert set(pool(network)) == {r.pk for r in rotation}
    # A leader at Kolding's other workplace brings it in (looked up in Kolding's schema).
    leader = user_create(
        actor=None,
        email="leder2@kolding.example",
        full_name="Leder to",
        roles={Role.LEADER, Role.EMPLOYEE},
        municipality=world.kolding.municipality,
    )
    with tenant_context(world.kolding.municipality):
        employee_profile_set(
            actor=None,
            user=leader,
            profession=Profession.objects.get(code="manager"),
            job_title="Leder",
            workplace=Unit.objects.get(pk=world.kolding.other_workplace_id),
            leader=None,
        )
    assert d.pk in pool(network)


def test_hr_page_starts_a_run_and_polls_progress(world, rotation, client_for):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    page = hr.get("/exchange/matching/")
    assert page.status_code == 200 and "Kør matchning nu" in page.content.decode()
    network = Network.objects.get(slug="job7")
    response = hr.post("/exchange/matching/", {"network": network.pk, "max_cycle_length": "2"})
    assert response.status_code == 302
    run = MatchRun.objects.get()
    assert (run.status, run.max_cycle_length, run.requested_by_id) == (
        "queued",
        2,
        world.vejle.hr.pk,
    )
    status = hr.get(f"/exchange/matching/runs/{run.pk}/").json()
    assert status == {
        "status": "queued",
        "progress": 0,
        "stage": "Venter på at starte",
        "finished": False,
    }
    run_execute(run.pk)
    page = hr.get("/exchange/matching/").content.decode()
    # Pairs only: A↔C is the only pair.
    proposal = MatchProposal.objects.get()
    assert proposal.members.count() == 2
    assert f"/exchange/proposals/{proposal.pk}/" in page
    assert "Medarbejder Vejle" not in page  # HR sees posts, not names
    detail = hr.get(f"/exchange/proposals/{proposal.pk}/")
    assert detail.status_code == 200 and "Medarbejder" not in detail.content.decode()
    # HR reads but cannot answer for anyone.
    assert hr.post(f"/exchange/proposals/{proposal.pk}/accept/", {}).status_code == 404


def test_hr_adds_a_profession_relation(world, client_for):
    teacher = Profession.objects.get(code="teacher")
    nurse = Profession.objects.get(code="nurse")
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert "Visitator" in hr.get("/vocabulary/relations/").content.decode()
    response = hr.post(
        "/vocabulary/relations/",
        {"profession_a": nurse.pk, "profession_b": teacher.pk, "kind": "interface"},
    )
    assert response.status_code == 302
    relation = ProfessionRelation.objects.get(added_by_municipality=world.vejle.municipality)
    assert (relation.profession_a_id, relation.profession_b_id) == tuple(
        sorted([nurse.pk, teacher.pk])
    )
    for bad in (
        {"profession_a": nurse.pk, "profession_b": teacher.pk, "kind": "interface"},
        {"profession_a": nurse.pk, "profession_b": nurse.pk, "kind": "related"},
        {"profession_a": "x", "profession_b": teacher.pk, "kind": "related"},
        {"profession_a": nurse.pk, "profession_b": teacher.pk, "kind": "friends"},
    ):
        page = hr.post("/vocabulary/relations/", bad)
        assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert ProfessionRelation.objects.filter(added_by_municipality__isnull=False).count() == 1
    employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    assert employee.post("/vocabulary/relations/", {}).status_code == 404


# --- Isolation --------------------------------------------------------------------


@isolation_case(
    "matching:proposal",
    "matching:proposal-accept",
    "matching:proposal-decline",
    "matching:run-status",
)
def test_other_municipalities_and_members_get_the_same_404(
    world, rotation, outsider, client_for, isolated
):
    a, b, c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    # A proposal with only Kolding members: invisible to Vejle's HR.
    only_kolding = MatchProposal.objects.create(
        network=proposal.network,
        period_start=proposal.period_start,
        period_end=proposal.period_end,
        score=1,
        status=ProposalStatus.DECLINED,
    )
    ProposalMember.objects.create(
        proposal=only_kolding, position=0, request=b, owner=b.owner, takes=c, score=1, live=False
    )
    ProposalMember.objects.create(
        proposal=only_kolding, position=1, request=c, owner=c.owner, takes=b, score=0, live=False
    )
    aarhus = client_for(outsider, municipality=outsider.municipality)
    vejle_hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    vejle_leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    watched = (MatchProposal.objects.all(), ProposalMember.objects.all(), MatchRun.objects.all())
    with isolated(*watched):
        for client, proposal_id in (
            (aarhus, proposal.pk),
            (vejle_leader, proposal.pk),
            (vejle_hr, only_kolding.pk),
        ):
            assert_same_as_missing(
                client.get(f"/exchange/proposals/{proposal_id}/"),
                client.get("/exchange/proposals/999999/"),
            )
        for client in (aarhus, vejle_leader):
            assert_same_as_missing(
                client.post(f"/exchange/proposals/{proposal.pk}/decline/", {"reason": "x"}),
                client.post("/exchange/proposals/999999/decline/", {"reason": "x"}),
            )
            assert_same_as_missing(
                client.post(f"/exchange/proposals/{proposal.pk}/accept/", {}),
                client.post("/exchange/proposals/999999/accept/", {}),
            )
        run = MatchRun.objects.get()
        assert_same_as_missing(
            aarhus.get(f"/exchange/matching/runs/{run.pk}/"),
            aarhus.get("/exchange/matching/runs/999999/"),
        )
        own_page = aarhus.get("/exchange/matching/")
        assert own_page.status_code == 200
        assert f"/exchange/proposals/{proposal.pk}/" not in own_page.content.decode()
        refused = aarhus.post(
            "/exchange/matching/", {"network": proposal.network_id, "max_cycle_length": "3"}
        )
        assert refused.status_code == 404
        # A session cookie carried to another municipality's host is anonymous there.
        carried = client_for(municipality=world.kolding.municipality)
        carry_cookies(client_for(a.owner, municipality=world.vejle.municipality), carried)
        response = carried.post(f"/exchange/proposals/{proposal.pk}/accept/", {})
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert ProposalMember.objects.filter(proposal=proposal, answer=Answer.PENDING).count() == 3


def test_the_api_shows_proposals_of_the_keys_own_municipality(
    world, rotation, outsider, client_for
):
    _run(world)  # the rotation fixture gives the three requests
    proposal = MatchProposal.objects.get()
    client = client_for()
    keys = {}
    for name, municipality in (
        ("vejle", world.vejle.municipality),
        ("aarhus", outsider.municipality),
    ):
        _client, keys[name] = api_client_create(
            actor=None, name=f"{name} HR", scopes=[Scope.EXCHANGE_READ], municipality=municipality
        )
    vejle = {"HTTP_AUTHORIZATION": f"Api-Key {keys['vejle']}"}
    aarhus = {"HTTP_AUTHORIZATION": f"Api-Key {keys['aarhus']}"}
    listing = client.get("/api/v1/match-proposals/", **vejle).json()
    assert [p["id"] for p in listing["results"]] == [proposal.pk]
    body = client.get(f"/api/v1/match-proposals/{proposal.pk}/", **vejle).json()
    assert [m["takes_position"] for m in body["members"]] == [1, 2, 0]
    assert body["members"][0]["explanation_text"].startswith("samme fag")
    assert "Medarbejder" not in str(body) and "example" not in str(body)
    assert client.get("/api/v1/match-proposals/?status=accepted", **vejle).json()["results"] == []
    missing = client.get("/api/v1/match-proposals/999999/", **aarhus)
    forbidden = client.get(f"/api/v1/match-proposals/{proposal.pk}/", **aarhus)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert client.get("/api/v1/match-proposals/", **aarhus).json()["results"] == []
    runs = client.get("/api/v1/match-runs/", **vejle).json()["results"]
    assert [r["status"] for r in runs] == ["done"] and runs[0]["network"] == "job7"
    run_id = runs[0]["id"]
    assert client.get(f"/api/v1/match-runs/{run_id}/", **aarhus).status_code == 404
    assert client.get("/api/v1/match-runs/", **aarhus).json()["results"] == []


def test_request_form_takes_learning_goals(world, client_for):
    tags = list(CompetenceTag.objects.order_by("pk")[:3])
    employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    today = timezone.localdate()
    response = employee.post(
        "/exchange/my-requests/new/",
        {
            "profession": Profession.objects.get(code="jobcentre-caseworker").pk,
            "workplace_type": "Jobcenter",
            "wished_professions": [Profession.objects.get(code="jobcentre-caseworker").pk],
            "format": "full",
            "period_start": (today + timedelta(days=30)).isoformat(),
            "period_end": (today + timedelta(days=90)).isoformat(),
            "learning_tags": [tags[0].pk, tags[1].pk],
            "offered_tags": [tags[2].pk],
            "goal_self": "a",
            "goal_workplaces": "b",
            "goal_organisation": "c",
            "visibility": "all",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = SwapRequest.objects.get()
    assert set(request.learning_tags.all()) == {tags[0], tags[1]}
    assert list(request.offered_tags.all()) == [tags[2]]
    assert Municipality.objects.filter(pk=request.municipality_id).exists()


# --- Chains from a vacant post (the necessity rotation) ---------------------------


@pytest.fixture
def chain(world, make_opening):
    """A necessity-rotation opening in Vejle; X1 (Kolding) wants Vejle, X2
    (Kolding) wants Kolding: no ring closes, but the chain vacancy ← X1 ← X2
    does (X1 takes the vacant post, X2 takes X1's)."""
    opening = make_opening(kind=SwapKind.NECESSITY_ROTATION, title="Barselsvikariat, Jobafklaring")
    x1 = _request(world.kolding.employee, wished_municipalities=[world.vejle.municipality])
    x2 = _request(
        _colleague(world.kolding, "bente"), wished_municipalities=[world.kolding.municipality]
    )
    return opening, x1, x2


def test_a_vacant_post_starts_a_chain(world, chain, client_for, mailoutbox, delivered):
    opening, x1, x2 = chain
    assert _run(world, use_vacancies=False).proposals_count == 0
    run = _run(world)
    assert (run.requests_count, run.people_placed, run.proposals_count) == (2, 2, 1)
    proposal = MatchProposal.objects.get()
    assert proposal.opening_id == opening.pk
    assert [(m.request_id, m.takes_id) for m in proposal.members.order_by("position")] == [
        (x1.pk, None),
        (x2.pk, x1.pk),
    ]
    page = client_for(x1.owner, municipality=world.kolding.municipality).get(
        f"/exchange/proposals/{proposal.pk}/"
    )
    text = page.content.decode()
    assert "Foreslået kæde af 2 kolleger" in text
    assert "overtager den ledige stilling “Barselsvikariat, Jobafklaring, Vejle”" in text
    mailoutbox.clear()
    for owner in (x1.owner, x2.owner):
        with delivered():
            client_for(owner, municipality=world.kolding.municipality).post(
                f"/exchange/proposals/{proposal.pk}/accept/", {}
            )
    proposal.refresh_from_db()
    swap = proposal.swap
    assert swap.opening_id == opening.pk and swap.application_id is None
    opening.refresh_from_db()
    assert (opening.places_taken, opening.status) == (1, "filled")
    hosts = {
        p.swapper_id: (p.host_municipality_id, p.host_workplace_unit_id) for p in swap.parties.all()
    }
    assert hosts == {
        x1.owner_id: (opening.municipality_id, opening.workplace_unit_id),
        x2.owner_id: (x1.municipality_id, x1.workplace_unit_id),
    }
    # The vacant post's leader is asked to approve as the receiving side.
    assert world.vejle.leader.email in [m.to[0] for m in mailoutbox]
    # Calling the swap off gives the place back.

    swap_cancel(actor=x1.owner, swap=swap, reason="Ombestemt")
    opening.refresh_from_db()
    assert (opening.places_taken, opening.status) == (0, "published")


def test_a_no_inside_a_chain_shortens_it(world, chain, client_for, mailoutbox, delivered):
    opening, x1, x2 = chain
    _run(world)
    proposal = MatchProposal.objects.get()
    client_for(x1.owner, municipality=world.kolding.municipality).post(
        f"/exchange/proposals/{proposal.pk}/accept/", {}
    )
    mailoutbox.clear()
    with delivered():
        client_for(x2.owner, municipality=world.kolding.municipality).post(
            f"/exchange/proposals/{proposal.pk}/decline/", {"reason": "Nej tak"}
        )
    shorter = MatchProposal.objects.get(fallback_of=proposal)
    assert shorter.opening_id == opening.pk
    # The shortened chain is asked again: X1's own post is now left at home.
    assert [(m.request_id, m.takes_id, m.answer) for m in shorter.members.all()] == [
        (x1.pk, None, Answer.PENDING)
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([x1.owner.email], "Et nyt, mindre forslag til jobbytte til dig")
    ]
    # The opening is filled another way before X1 answers: the proposal closes.
    Opening = type(opening)
    Opening.objects.filter(pk=opening.pk).update(places_taken=1, status="filled")
    client_for(x1.owner, municipality=world.kolding.municipality).post(
        f"/exchange/proposals/{shorter.pk}/accept/", {}
    )
    shorter.refresh_from_db()
    assert shorter.status == ProposalStatus.CLOSED and shorter.swap is None
    assert not ProposalMember.objects.filter(live=True).exists()


def test_a_no_from_the_first_in_a_chain_returns_the_rest(world, chain, client_for):
    _opening, x1, x2 = chain
    _run(world)
    proposal = MatchProposal.objects.get()
    client_for(x1.owner, municipality=world.kolding.municipality).post(
        f"/exchange/proposals/{proposal.pk}/decline/", {"reason": "For langt"}
    )
    assert not MatchProposal.objects.filter(fallback_of=proposal).exists()
    assert not ProposalMember.objects.filter(request=x2, live=True).exists()
    # X1's no to the vacant post is remembered by the next run.
    assert _run(world).proposals_count == 0


# --- Found in review: proposals never stuck, answers never stretched ----------------


def test_a_swap_that_cannot_start_closes_the_proposal(world, rotation, client_for):
    a, b, c = rotation
    _run(world)
    proposal = MatchProposal.objects.get()
    for owner, municipality in ((a.owner, world.vejle), (b.owner, world.kolding)):
        client_for(owner, municipality=municipality.municipality).post(
            f"/exchange/proposals/{proposal.pk}/accept/", {}
        )
    # Vejle's leader leaves before the last yes: no one can approve there.
    Membership.objects.filter(user=world.vejle.leader, role=Role.LEADER).delete()
    response = client_for(c.owner, municipality=world.kolding.municipality).post(
        f"/exchange/proposals/{proposal.pk}/accept/", {}, follow=True
    )
    assert "Jobbyttet kan ikke gennemføres" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED and proposal.swap is None
    assert not ProposalMember.objects.filter(live=True).exists()
    assert set(SwapRequest.objects.values_list("status", flat=True)) == {RequestStatus.ACTIVE}


def test_unanswered_proposals_expire(world, rotation):
    _run(world)
    proposal = MatchProposal.objects.get()
    assert proposal.answer_by == timezone.localdate() + timedelta(days=14)
    assert proposals_expire_due(today=proposal.answer_by) == 0
    assert proposals_expire_due(today=proposal.answer_by + timedelta(days=1)) == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.EXPIRED
    assert _run(world).requests_count == 3  # everyone is free again


def test_a_yes_is_not_carried_to_a_longer_period(world, client_for, mailoutbox, delivered):
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    today = timezone.localdate()
    a = _request(world.vejle.employee, wished_municipalities=[kolding])
    b = _request(
        _colleague(world.kolding, "bente"),
        wished_municipalities=[kolding],
        period_end=today + timedelta(days=50),
    )
    c = _request(world.kolding.employee, wished_municipalities=[vejle])
    _run(world)
    proposal = MatchProposal.objects.get()
    assert proposal.period_end == today + timedelta(days=50)
    client_for(c.owner, municipality=kolding).post(f"/exchange/proposals/{proposal.pk}/accept/", {})
    mailoutbox.clear()
    with delivered():
        client_for(b.owner, municipality=kolding).post(
            f"/exchange/proposals/{proposal.pk}/decline/", {"reason": "Nej"}
        )
    pair = MatchProposal.objects.get(fallback_of=proposal)
    assert pair.period_end == today + timedelta(days=120)  # longer than C agreed to
    assert set(pair.members.values_list("answer", flat=True)) == {Answer.PENDING}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.owner.email, c.owner.email])


def test_a_changed_vacancy_ends_its_chain(world, chain, client_for):
    opening, _x1, _x2 = chain
    _run(world)
    proposal = MatchProposal.objects.get()
    values = {name: getattr(opening, name) for name in OPENING_FIELDS if hasattr(opening, name)}
    values["workplace_unit_id"] = opening.workplace_unit_id
    values["professions"] = list(opening.professions.all())
    values["learning_tags"] = list(opening.learning_tags.all())
    values["period_start"] = opening.period_start + timedelta(days=30)
    values["period_end"] = opening.period_end + timedelta(days=30)
    with tenant_context(world.vejle.municipality):
        opening_update(actor=world.vejle.hr, opening=opening, data=OpeningData(**values))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
    assert not ProposalMember.objects.filter(live=True).exists()


def test_a_partner_by_mutual_interest_is_not_told_back_to_pool(
    world, rotation, mailoutbox, delivered
):
    a, _b, c = rotation
    _run(world)
    mailoutbox.clear()
    with tenant_context(world.vejle.municipality):
        interest_express(actor=a.owner, from_request=a, to_request=c)
    with delivered(), tenant_context(world.kolding.municipality):
        interest_express(actor=c.owner, from_request=c, to_request=a)
    subjects = {(m.to[0], m.subject) for m in mailoutbox}
    assert (c.owner.email, "Dit foreslåede jobbytte blev ikke til noget") not in subjects
    assert (a.owner.email, "Dit foreslåede jobbytte blev ikke til noget") not in subjects


def test_the_api_list_does_not_grow_queries_with_proposals(
    world, client_for, django_assert_max_num_queries
):
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    for n in range(4):
        _request(_colleague(world.vejle, f"v{n}"), wished_municipalities=[kolding])
        _request(_colleague(world.kolding, f"k{n}"), wished_municipalities=[vejle])
    _run(world)
    assert MatchProposal.objects.count() == 4
    _client, key = api_client_create(
        actor=None, name="Vejle", scopes=[Scope.EXCHANGE_READ], municipality=vejle
    )
    client = client_for()
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/match-proposals/", HTTP_AUTHORIZATION=f"Api-Key {key}").json()
    assert len(body["results"]) == 4
    bad = client.get(
        "/api/v1/match-proposals/?status=nonsense", HTTP_AUTHORIZATION=f"Api-Key {key}"
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"


def test_one_request_per_person_and_none_of_someone_already_swapping(world, rotation, make_opening):
    a, b, c = rotation
    network = Network.objects.get(slug="job7")
    second = _request(world.vejle.employee, wished_municipalities=[world.kolding.municipality])
    assert set(pool(network)) == {second.pk, b.pk, c.pk}  # the newest of A's two
    # C is accepted into an opening: a live swap, so C waits outside the pool.
    opening = make_opening()
    application = application_submit(
        actor=world.kolding.employee,
        opening=opening,
        motivation="m",
        goal_self="s",
        goal_workplaces="w",
        goal_organisation="o",
    )
    with tenant_context(world.vejle.municipality):
        application_accept(actor=world.vejle.hr, application=application)
    assert set(pool(network)) == {second.pk, b.pk}
    assert a.pk not in pool(network)


def test_a_members_wished_duration_holds_for_the_whole_ring(world):
    """Each pair overlaps enough, but A, B and C share only 21 days while C
    wishes six weeks: the ring is not proposed, the pair A–C (91 days) is."""
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    today = timezone.localdate()
    a = _request(
        world.vejle.employee,
        wished_municipalities=[kolding],
        period_start=today + timedelta(days=60),
        period_end=today + timedelta(days=150),
    )
    _request(
        _colleague(world.kolding, "bente"),
        wished_municipalities=[kolding],
        period_end=today + timedelta(days=80),
    )
    c = _request(
        world.kolding.employee,
        wished_municipalities=[vejle],
        duration_weeks=6,
        period_end=today + timedelta(days=150),
    )
    run = _run(world)
    assert (run.arcs_count, run.people_placed, run.proposals_count) == (4, 2, 1)
    proposal = MatchProposal.objects.get()
    ring = [(m.request_id, m.takes_id) for m in proposal.members.order_by("position")]
    assert ring == [(a.pk, c.pk), (c.pk, a.pk)]
    assert (proposal.period_end - proposal.period_start).days + 1 >= 42
