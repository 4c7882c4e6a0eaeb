"""Cases from the second review: same-municipality swaps, leaderless
workplaces, agreed swaps, NUL characters, far-future dates, MED switched on
mid-swap, answering one's own application."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import user_create
from exchange.models import Application, RequestStatus, Swap, SwapRequest, SwapStatus
from exchange.services.requests import RequestData, interest_express, swap_request_create
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import employee_profile_set
from tests.world import PASSWORD
from vocabulary.models import Profession

GOALS = {"motivation": "m", "goal_self": "s", "goal_workplaces": "w", "goal_organisation": "o"}


def _request(user, **overrides):
    today = timezone.localdate()
    values = dict(
        profession=Profession.objects.get(code="jobcentre-caseworker"),
        workplace_type="Jobcenter",
        wished_professions=[Profession.objects.get(code="jobcentre-caseworker")],
        period_start=today + timedelta(days=30),
        period_end=today + timedelta(days=90),
        format="full",
        goal_self="a",
        goal_workplaces="b",
        goal_organisation="c",
    )
    values.update(overrides)
    with tenant_context(user.municipality):
        return swap_request_create(actor=user, data=RequestData(**values))


@pytest.fixture
def bob(world):
    """A Vejle employee at the other workplace, with Vejle's leader as leader."""
    user = user_create(
        actor=None,
        email="bob@vejle.example",
        full_name="Bob Vejle",
        roles={Role.EMPLOYEE},
        municipality=world.vejle.municipality,
        password=PASSWORD,
    )
    with tenant_context(world.vejle.municipality):
        leader = EmployeeProfile.objects.get(user_id=world.vejle.leader.pk)
        employee_profile_set(
            actor=None,
            user=user,
            profession=Profession.objects.get(code="jobcentre-caseworker"),
            job_title="Jobkonsulent",
            workplace=Unit.objects.get(pk=world.vejle.other_workplace_id),
            leader=leader,
        )
        # The other workplace needs a leader of its own for host approval.
        boss = user_create(
            actor=None,
            email="boss@vejle.example",
            full_name="Chef Vejle",
            roles={Role.LEADER, Role.EMPLOYEE},
            municipality=world.vejle.municipality,
        )
        employee_profile_set(
            actor=None,
            user=boss,
            profession=Profession.objects.get(code="manager"),
            job_title="Leder",
            workplace=Unit.objects.get(pk=world.vejle.other_workplace_id),
            leader=None,
        )
    return user


def test_same_municipality_swap_stays_hidden_until_each_swapper_involves(world, bob, client_for):
    mine = _request(world.vejle.employee)
    theirs = _request(bob)
    interest_express(actor=world.vejle.employee, from_request=mine, to_request=theirs)
    interest_express(actor=bob, from_request=theirs, to_request=mine)
    swap = Swap.objects.get()
    employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    employee.post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    # Bob has not involved anyone: the new boss (Bob's host side is the employee's
    # workplace, led by Vejle's leader; Bob's home leader is Vejle's leader too).
    bob_party = swap.parties.get(swapper=bob)
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    assert (
        leader.post(
            f"/exchange/swaps/{swap.pk}/approve/", {"party": bob_party.pk, "side": "host"}
        ).status_code
        == 404
    )
    bob_party.refresh_from_db()
    assert bob_party.host_approved_at is None
    page = leader.get("/").content.decode()
    assert "Godkend eller afvis en jobbytter til Jobafklaring" not in page
    # Bob's own leader sees the swap (for the employee's home side) but not Bob's name.
    for path in (f"/exchange/swaps/{swap.pk}/", "/exchange/my-swaps/"):
        body = leader.get(path).content.decode()
        assert "Medarbejder Vejle" in body
        assert "Bob Vejle" not in body


def test_leaderless_workplace_refuses_acceptance(world, client_for, make_opening):
    opening = make_opening(workplace_unit_id=world.vejle.other_workplace_id)  # only HR works there
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    kolding.post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    application = Application.objects.get(opening=opening)
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.post(f"/exchange/applications/{application.pk}/accept/", follow=True)
    assert (
        "Der er ingen leder registreret på Virksomhedsservice til at godkende jobbyttet"
        in response.content.decode()
    )
    opening.refresh_from_db()
    assert (opening.places_taken, Swap.objects.count()) == (0, 0)


def test_nobody_answers_their_own_application(world, client_for, make_opening):
    opening = make_opening()
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    hr.post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    application = Application.objects.get(opening=opening, applicant=world.vejle.hr)
    assert hr.post(f"/exchange/applications/{application.pk}/accept/").status_code == 404
    assert (
        hr.post(f"/exchange/applications/{application.pk}/decline/", {"reason": "x"}).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == "submitted"


def test_nul_characters_are_a_400_not_a_500(world, client_for, make_opening):
    opening = make_opening()
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert (
        hr.post(f"/exchange/openings/{opening.pk}/withdraw/", {"reason": "a\x00b"}).status_code
        == 400
    )
    assert hr.get("/exchange/requests/", {"text": "\x00"}).status_code == 400
    opening.refresh_from_db()
    assert opening.status == "published"


def test_far_future_periods_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        _request(world.vejle.employee, period_end=timezone.localdate().replace(year=9999))
    assert "period_end" in refused.value.message_dict
    assert not SwapRequest.objects.exists()


def test_agreed_swap_cannot_be_cancelled_and_withdrawn_requests_stay_withdrawn(
    world, client_for, django_capture_on_commit_callbacks
):
    mine, theirs = _request(world.vejle.employee), _request(world.kolding.employee)
    interest_express(actor=world.kolding.employee, from_request=theirs, to_request=mine)
    interest_express(actor=world.vejle.employee, from_request=mine, to_request=theirs)
    swap = Swap.objects.get()
    sites = {
        "ve": client_for(world.vejle.employee, municipality=world.vejle.municipality),
        "ke": client_for(world.kolding.employee, municipality=world.kolding.municipality),
        "vl": client_for(world.vejle.leader, municipality=world.vejle.municipality),
        "kl": client_for(world.kolding.leader, municipality=world.kolding.municipality),
    }
    sites["ve"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    sites["ke"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    sites["ve"].post(f"/exchange/requests/{mine.pk}/withdraw/", {"reason": "Ombestemt"})
    for party in swap.parties.all():
        home, host = ("vl", "kl") if party.swapper_id == world.vejle.employee.pk else ("kl", "vl")
        assert (
            sites[home]
            .post(f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"})
            .status_code
            == 302
        )
        assert (
            sites[host]
            .post(f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"})
            .status_code
            == 302
        )
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    for who in sites:
        sites[who].post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
    swap.refresh_from_db()
    mine.refresh_from_db()
    assert (swap.status, mine.status) == (SwapStatus.AGREED, RequestStatus.WITHDRAWN)
    agreement = swap.agreement
    form = {
        f: getattr(agreement, f)
        for f in (
            "period_start",
            "period_end",
            "working_hours",
            "pay",
            "holidays",
            "excluded_tasks",
            "contacts",
            "right_to_return",
        )
    }
    form["working_hours"] = "7-15"
    sites["ke"].post(f"/exchange/swaps/{swap.pk}/change/", form)
    sites["ke"].post(f"/exchange/swaps/{swap.pk}/cancel/", {"reason": "Fortryder"})
    swap.refresh_from_db()
    mine.refresh_from_db()
    assert (swap.status, mine.status) == (SwapStatus.APPROVED, RequestStatus.WITHDRAWN)
    # The thread is between the swappers: leaders do not read it.
    sites["ve"].post(f"/exchange/swaps/{swap.pk}/message/", {"body": "Hemmelig hilsen"})
    assert "Hemmelig hilsen" in sites["ke"].get(f"/exchange/swaps/{swap.pk}/").content.decode()
    assert "Hemmelig hilsen" not in sites["vl"].get(f"/exchange/swaps/{swap.pk}/").content.decode()
