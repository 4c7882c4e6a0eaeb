"""The MED / union acknowledgement: HR switches the step on for its
municipality; then, once both leaders have approved, HR of each side that
has it on records the acknowledgement before the swap can be agreed."""

from django.core import mail
from django_tenants.utils import tenant_context

from exchange.approvals.models import Approval
from exchange.approvals.services import med_step_set
from exchange.models import Application, Swap, SwapStatus
from exchange.tests.support import GOALS, site
from tenants.models import Municipality


def test_med_step_when_switched_on(world, client_for, make_opening, delivered):
    sites = {
        "kolding_employee": site(client_for, world.kolding.employee),
        "kolding_leader": site(client_for, world.kolding.leader),
        "kolding_hr": site(client_for, world.kolding.hr),
        "vejle_hr": site(client_for, world.vejle.hr),
        "vejle_leader": site(client_for, world.vejle.leader),
    }
    assert (
        sites["kolding_employee"].post("/exchange/settings/", {"med": "on"}).status_code == 404
    )  # HR only
    sites["kolding_hr"].post("/exchange/settings/", {"med": "on"})
    assert Municipality.objects.get(code=621).med_acknowledgement_required is True
    opening = make_opening()
    with delivered():
        sites["kolding_employee"].post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
        application = Application.objects.get(opening=opening)
        sites["vejle_hr"].post(f"/exchange/applications/{application.pk}/accept/")
    swap = Swap.objects.get(application=application)
    party = swap.parties.get()
    sites["kolding_employee"].post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    sites["kolding_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}
    )
    sites["vejle_leader"].post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
    )
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AWAITING_APPROVAL  # Kolding's MED has not acknowledged
    # Vejle has no MED step; its HR cannot record one for Kolding's side either.
    assert (
        sites["vejle_hr"]
        .post(f"/exchange/swaps/{swap.pk}/med/", {"party": party.pk, "side": "home"})
        .status_code
        == 404
    )
    sites["kolding_hr"].post(f"/exchange/swaps/{swap.pk}/med/", {"party": party.pk, "side": "home"})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    with tenant_context(world.kolding.municipality):
        assert sorted(Approval.objects.values_list("step", "side")) == [
            ("leader", "home"),
            ("med", "home"),
        ]


def test_switching_med_on_mid_swap_asks_hr(
    world, client_for, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    kolding.post(f"/exchange/openings/{opening.pk}/apply/", GOALS)
    application = Application.objects.get(opening=opening)
    client_for(world.vejle.hr, municipality=world.vejle.municipality).post(
        f"/exchange/applications/{application.pk}/accept/"
    )
    swap = Swap.objects.get()
    party = swap.parties.get()
    kolding.post(f"/exchange/swaps/{swap.pk}/involve-leader/")
    client_for(world.kolding.leader, municipality=world.kolding.municipality).post(
        f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "home"}
    )
    # Vejle switches MED on before its leader approves: then Vejle's HR is asked.
    med_step_set(
        actor=world.vejle.hr, municipality=Municipality.objects.get(code=630), required=True
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.vejle.leader, municipality=world.vejle.municipality).post(
            f"/exchange/swaps/{swap.pk}/approve/", {"party": party.pk, "side": "host"}
        )
    assert [m.to for m in mail.outbox] == [["hr@vejle.example"]]
    swap.refresh_from_db()
    assert swap.status == SwapStatus.AWAITING_APPROVAL
    mail.outbox.clear()
    # Switched on after both leaders approved (Kolding): Kolding's HR is asked at once.
    with django_capture_on_commit_callbacks(execute=True):
        med_step_set(
            actor=world.kolding.hr, municipality=Municipality.objects.get(code=621), required=True
        )
    assert [m.to for m in mail.outbox] == [["hr@kolding.example"]]
