"""The whole journey from application to agreed swap, through HTTP on each
party's own site, with the mails each step sends."""

from datetime import timedelta

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import user_create
from exchange.approvals.models import Approval
from exchange.models import (
    AgreementAcceptance,
    Application,
    Message,
    Opening,
    OpeningStatus,
    Swap,
    SwapStatus,
)
from tenants.organisation.models import Unit
from tenants.organisation.services import employee_profile_set
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from vocabulary.models import Profession

GOALS = {
    "motivation": "Jeg vil se, hvordan I arbejder med virksomhederne.",
    "goal_self": "Lære motiverende samtaler.",
    "goal_workplaces": "Dele metoder mellem jobcentrene.",
    "goal_organisation": "Bedre samarbejde i Job7.",
}


def _recipients():
    return sorted(m.to[0] for m in mail.outbox)


@pytest.fixture
def sites(world, client_for):
    return {
        "kolding_employee": client_for(
            world.kolding.employee, municipality=world.kolding.municipality
        ),
        "kolding_leader": client_for(world.kolding.leader, municipality=world.kolding.municipality),
        "kolding_hr": client_for(world.kolding.hr, municipality=world.kolding.municipality),
        "vejle_hr": client_for(world.vejle.hr, municipality=world.vejle.municipality),
        "vejle_leader": client_for(world.vejle.leader, municipality=world.vejle.municipality),
    }


def _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    assert response.status_code == 302
    application = Application.objects.get(opening=opening)
    assert _recipients() == ["hr@vejle.example", "leader@vejle.example"]
    assert "Kolding Kommune" in mail.outbox[0].body
    assert f"http://vejle.localhost/exchange/openings/{opening.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = sites["vejle_hr"].post(f"/exchange/applications/{application.pk}/accept/")
    swap = Swap.objects.get(application=application)
    assert response["Location"] == f"/exchange/swaps/{swap.pk}/"
    assert _recipients() == ["employee@kolding.example", "leader@vejle.example"]
    mail.outbox.clear()
    return swap


def test_application_to_agreed_swap(world, sites, make_opening, django_capture_on_commit_callbacks):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks)
    opening.refresh_from_db()
    assert (opening.places_taken, opening.status) == (1, OpeningStatus.FILLED)

    # The swapper's own leader does not see the swap until the swapper involves them.
    assert sites["kolding_leader"].get(f"/exchange/swaps/{swap.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    assert _recipients() == ["leader@kolding.example"]
    assert f"http://kolding.localhost/exchange/swaps/{swap.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    party = swap.parties.get()
    assert sites["kolding_leader"].get(f"/exchange/swaps/{swap.pk}/").status_code == 200
    assert (
        sites["kolding_hr"].get(f"/exchange/swaps/{swap.pk}/").status_code == 200
    )  # HR sees the status

    # A leader can only approve for their own side, on their own site.
    wrong_side = sites["kolding_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
    )
    assert wrong_side.status_code == 404
    sites["kolding_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}
    )
    # Approving twice is refused, and nothing changes.
    again = sites["kolding_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}, follow=True
    )
    assert "Der er allerede truffet en beslutning." in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sites["vejle_leader"].post(
            f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
        )
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert _recipients() == [
        "employee@kolding.example",
        "leader@kolding.example",
        "leader@vejle.example",
    ]
    mail.outbox.clear()
    with tenant_context(world.kolding.municipality):
        assert list(Approval.objects.values_list("side", "decision")) == [("home", "approved")]
    with tenant_context(world.vejle.municipality):
        assert list(Approval.objects.values_list("side", "decision")) == [("host", "approved")]

    late = sites["vejle_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}, follow=True
    )
    assert "Jobbyttet venter ikke længere på godkendelse." in late.content.decode()

    agreement = swap.agreement
    assert agreement.pay == "Lønnen udbetales fortsat af hjemkommunen under hele jobbyttet."
    assert agreement.excluded_tasks == "Myndighedsudøvelse"
    for who in ("kolding_employee", "kolding_leader"):
        sites[who].post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        sites["vejle_leader"].post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 1})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AGREED
    # "Agreed" to everyone who accepted; the swapper's journey starts (the
    # swapper and Kolding's coach hear of it).
    assert _recipients() == [
        "coach@kolding.example",
        "employee@kolding.example",
        "employee@kolding.example",
        "leader@kolding.example",
        "leader@vejle.example",
    ]
    mail.outbox.clear()

    # An extension re-opens acceptance by every party.
    form = {
        "period_start": swap.period_start.isoformat(),
        "working_hours": "37 timer, 8-15.30",
        "pay": agreement.pay,
        "holidays": "",
        "excluded_tasks": agreement.excluded_tasks,
        "contacts": agreement.contacts,
        "right_to_return": agreement.right_to_return,
    }

    form["period_end"] = (swap.period_end + timedelta(days=14)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/change/", form)
    swap.refresh_from_db()
    agreement.refresh_from_db()
    assert (agreement.version, swap.status, agreement.working_hours) == (
        2,
        SwapStatus.APPROVED,
        "37 timer, 8-15.30",
    )
    assert _recipients() == [
        "employee@kolding.example",
        "leader@kolding.example",
        "leader@vejle.example",
    ]

    pdf = sites["kolding_employee"].get(f"/exchange/swaps/{swap.pk}/agreement.pdf")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    ics = sites["vejle_leader"].get(f"/exchange/swaps/{swap.pk}/period.ics").content.decode()
    assert f"DTSTART;VALUE=DATE:{swap.period_start:%Y%m%d}" in ics
    assert f"DTEND;VALUE=DATE:{swap.period_end + timedelta(days=1):%Y%m%d}" in ics
    assert ics.startswith("BEGIN:VCALENDAR\r\n")


def test_waiting_for_me_lists_each_step(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    with django_capture_on_commit_callbacks(execute=True):
        sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    assert "Svar på en ansøgning" in sites["vejle_hr"].get("/").content.decode()
    application = Application.objects.get(opening=opening)
    sites["vejle_hr"].post(f"/exchange/applications/{application.pk}/accept/")
    assert "Bed din leder om at godkende" in sites["kolding_employee"].get("/").content.decode()
    assert "Godkend eller afvis" in sites["vejle_leader"].get("/").content.decode()


def test_a_leader_declines_with_a_reason_and_the_place_is_released(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks)
    party = swap.parties.get()
    refused = sites["vejle_leader"].post(
        f"/exchange/swaps/{swap.pk}/decline/",
        {"party": party.pk, "side": "host", "reason": ""},
        follow=True,
    )
    assert "Angiv en begrundelse for afslaget." in refused.content.decode()
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AWAITING_APPROVAL
    with django_capture_on_commit_callbacks(execute=True):
        sites["vejle_leader"].post(
            f"/exchange/swaps/{swap.pk}/decline/",
            {"party": party.pk, "side": "host", "reason": "Ingen kapacitet"},
        )
    swap.refresh_from_db()
    opening.refresh_from_db()
    assert (swap.status, swap.cancelled_reason) == (SwapStatus.DECLINED, "Ingen kapacitet")
    assert (opening.places_taken, opening.status) == (0, OpeningStatus.PUBLISHED)
    assert _recipients() == ["employee@kolding.example"]


def test_applying_twice_and_bad_applications_are_refused(world, sites, make_opening):
    opening = make_opening()
    assert (
        sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS).status_code
        == 302
    )
    again = sites["kolding_employee"].post(
        f"/exchange/openings/{opening.pk}/apply/", GOALS, follow=True
    )
    assert "Du har allerede søgt denne plads." in again.content.decode()
    empty = sites["kolding_employee"].post(
        f"/exchange/openings/{opening.pk}/apply/", {**GOALS, "goal_organisation": " "}
    )
    assert empty.status_code == 200
    assert Application.objects.filter(opening=opening).count() == 1


@isolation_case("exchange:swap")
def test_outsiders_get_the_same_404_and_change_nothing(
    world, sites, outsider, client_for, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks)
    party = swap.parties.get()
    aarhus = client_for(outsider, municipality=outsider.municipality)
    before = snapshot(Swap.objects.all(), Application.objects.all(), Opening.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        _outsider_attempts(aarhus, sites, swap, party, opening)
    assert snapshot(Swap.objects.all(), Application.objects.all(), Opening.objects.all()) == before
    assert mail.outbox == []


def _approved_swap(world, sites, make_opening, capture):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, capture)
    party = swap.parties.get()
    sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    sites["kolding_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}
    )
    sites["vejle_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
    )
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    mail.outbox.clear()
    return swap, party


def test_accepting_a_stale_version_is_refused(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    swap, _party = _approved_swap(world, sites, make_opening, django_capture_on_commit_callbacks)
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
    form["pay"] = "Løn fra Vejle i perioden"
    sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/change/", form)
    stale = sites["vejle_leader"].post(
        f"/exchange/swaps/{swap.pk}/accept/", {"version": 1}, follow=True
    )
    assert "Aftalen er ændret" in stale.content.decode()
    assert AgreementAcceptance.objects.filter(agreement=agreement).count() == 0


def test_only_the_parties_cancel_or_write_and_cancelling_frees_the_application(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks)
    sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    for outsider_role in ("kolding_hr", "kolding_leader"):
        assert (
            sites[outsider_role]
            .post(f"/exchange/swaps/{swap.pk}/cancel/", {"reason": "Nej"})
            .status_code
            == 404
        )
        assert (
            sites[outsider_role]
            .post(f"/exchange/swaps/{swap.pk}/message/", {"body": "Hej"})
            .status_code
            == 404
        )
    sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/message/", {"body": "Glæder mig!"})
    sites["vejle_hr"].post(f"/exchange/swaps/{swap.pk}/message/", {"body": "Velkommen"})
    assert list(Message.objects.filter(swap=swap).values_list("body", flat=True)) == [
        "Glæder mig!",
        "Velkommen",
    ]
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AWAITING_APPROVAL
    with django_capture_on_commit_callbacks(execute=True):
        sites["kolding_employee"].post(
            f"/exchange/swaps/{swap.pk}/cancel/", {"reason": "Fik ny stilling"}
        )
    swap.refresh_from_db()
    application = Application.objects.get(opening=opening)
    opening.refresh_from_db()
    assert (swap.status, application.status, application.decision_reason) == (
        "cancelled",
        "withdrawn",
        "Fik ny stilling",
    )
    assert (opening.status, opening.places_taken) == (OpeningStatus.PUBLISHED, 0)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leader@kolding.example",
        "leader@vejle.example",
    ]
    # The applicant may apply again.
    assert (
        sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS).status_code
        == 302
    )
    assert Application.objects.filter(opening=opening, status="submitted").count() == 1
    assert (
        sites["kolding_employee"]
        .post(f"/exchange/swaps/{swap.pk}/message/", {"body": "x"}, follow=True)
        .status_code
        == 200
    )
    assert Message.objects.filter(swap=swap).count() == 2  # the thread is closed


def test_med_cannot_reveal_or_touch_a_swap_not_yet_disclosed(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    sites["kolding_hr"].post("/exchange/settings/", {"med": "on"})
    hidden = _apply_and_accept(world, sites, make_opening(), django_capture_on_commit_callbacks)
    hidden_party = hidden.parties.get()
    visible = _apply_and_accept(
        world, sites, make_opening(title="Anden plads"), django_capture_on_commit_callbacks
    )
    sites["kolding_employee"].post(f"/exchange/swaps/{visible.pk}/involve-leader/")
    assert sites["kolding_hr"].get(f"/exchange/swaps/{visible.pk}/").status_code == 200
    assert sites["kolding_hr"].get(f"/exchange/swaps/{hidden.pk}/").status_code == 404
    # Kolding HR has a role on `visible` but names the hidden swap's party.
    response = sites["kolding_hr"].post(
        f"/exchange/swaps/{visible.pk}/med/", {"party": hidden_party.pk, "side": "home"}
    )
    assert response.status_code == 404
    hidden_party.refresh_from_db()
    assert hidden_party.home_med_acknowledged_at is None


def test_a_leader_of_another_workplace_cannot_approve(
    world, sites, make_opening, django_capture_on_commit_callbacks, client_for
):
    opening = make_opening()
    swap = _apply_and_accept(world, sites, opening, django_capture_on_commit_callbacks)
    party = swap.parties.get()
    other_leader = user_create(
        actor=None,
        email="leader2@vejle.example",
        full_name="Anden Leder",
        roles={Role.LEADER, Role.EMPLOYEE},
        municipality=world.vejle.municipality,
        password="x",
    )
    with tenant_context(world.vejle.municipality):
        employee_profile_set(
            actor=None,
            user=other_leader,
            profession=Profession.objects.get(code="manager"),
            job_title="Leder",
            workplace=Unit.objects.get(pk=world.vejle.other_workplace_id),
            leader=None,
        )
    other = client_for(other_leader, municipality=world.vejle.municipality)
    assert (
        other.post(
            f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
        ).status_code
        == 404
    )
    party.refresh_from_db()
    assert party.host_approved_at is None


def test_withdrawing_an_opening_answers_waiting_applicants(
    world, sites, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening(capacity=2)
    sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sites["vejle_hr"].post(
            f"/exchange/openings/{opening.pk}/withdraw/", {"reason": "Omstrukturering"}
        )
    application = Application.objects.get(opening=opening)
    assert (application.status, application.decision_reason) == ("declined", "Omstrukturering")
    assert [m.to for m in mail.outbox] == [["employee@kolding.example"]]
    assert "Omstrukturering" in mail.outbox[0].body


def _outsider_attempts(aarhus, sites, swap, party, opening):
    assert_same_as_missing(
        aarhus.get(f"/exchange/swaps/{swap.pk}/"), aarhus.get("/exchange/swaps/999999/")
    )
    for action in ("approve", "accept", "cancel", "message", "involve-leader"):
        response = aarhus.post(
            f"/exchange/swaps/{swap.pk}/{action}/",
            {"party": party.pk, "side": "host", "reason": "x", "body": "x"},
        )
        assert response.status_code == 404
    application = Application.objects.get(opening=opening)
    assert (
        aarhus.post(
            f"/exchange/applications/{application.pk}/decline/", {"reason": "x"}
        ).status_code
        == 404
    )
    assert (
        sites["kolding_hr"].post(f"/exchange/applications/{application.pk}/accept/").status_code
        == 404
    )
    assert aarhus.get(f"/exchange/swaps/{swap.pk}/agreement.pdf").status_code == 404
