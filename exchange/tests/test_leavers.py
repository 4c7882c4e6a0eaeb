"""A person who leaves (accounts.hooks.account_deactivated): the exchange
withdraws their applications that await an answer and their active swap
requests with the reason, and tells the other parties; swaps under way and
every record stay. The audit names who deactivated them, not the leaver."""

from django.db import transaction
from django.test import TestCase
from django_tenants.utils import tenant_context

from accounts.hooks import what_leaving_withdraws
from audit.models import AuditEvent
from exchange.matching.services.execution import run_execute
from exchange.matching.services.runs import run_request
from exchange.models import (
    Application,
    ApplicationStatus,
    Interest,
    MatchProposal,
    ProposalStatus,
    RequestStatus,
    SwapRequest,
)
from exchange.services.requests import interest_express
from exchange.services.swaps import application_accept, application_submit
from exchange.tests.support import GOALS, kolding_colleague
from tenants.models import Network
from tenants.organisation.models import EmployeeProfile
from tenants.organisation.services import employee_deactivate
from tests.matching_fixtures import swap_request

REASON = "Fratrådt 31. december"


def _deactivate(world, user, delivered):
    with delivered(), tenant_context(world.kolding.municipality):
        employee_deactivate(
            actor=world.kolding.hr,
            profile=EmployeeProfile.objects.get(user_id=user.pk),
            reason=REASON,
        )


def _public_events(action):
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("pk")
        .values_list("target_id", "actor_id", "data")
    )


def test_an_application_awaiting_an_answer_is_withdrawn_and_an_accepted_one_stays(
    world, make_opening, mailoutbox, delivered
):
    leaver = kolding_colleague(world)
    waiting = application_submit(
        actor=leaver, opening=make_opening(title="Venter på svar"), **GOALS
    )
    accepted = application_submit(actor=leaver, opening=make_opening(title="Bytte i gang"), **GOALS)
    with tenant_context(world.vejle.municipality):
        swap = application_accept(actor=world.vejle.hr, application=accepted)
    swap_status = swap.status
    assert what_leaving_withdraws(leaver) == [
        "Ansøgningen til “Venter på svar” (Vejle), som venter på svar"
    ]
    mailoutbox.clear()

    _deactivate(world, leaver, delivered)

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    swap.refresh_from_db()
    assert (waiting.status, waiting.decision_reason) == (ApplicationStatus.WITHDRAWN, REASON)
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert swap.status == swap_status  # the swap under way stays
    assert _public_events("application.withdrawn_leaver") == [
        (str(waiting.pk), world.kolding.hr.pk, {"reason": REASON, "applicant": leaver.pk})
    ]
    # The opening's managers: Vejle's HR and the workplace's leader.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("hr@vejle.example", 'En ansøgning til "Venter på svar" er trukket tilbage'),
        ("leader@vejle.example", 'En ansøgning til "Venter på svar" er trukket tilbage'),
    ]
    body = mailoutbox[0].body
    assert (
        'Ansøgningen fra Kollega nabo til "Venter på svar" er trukket tilbage: '
        "Kollega nabo er fratrådt i Kolding Kommune."
    ) in body
    assert f"Den angivne begrundelse: {REASON}" in body
    assert f"/exchange/openings/{waiting.opening_id}/" in body
    assert what_leaving_withdraws(leaver) == []


def _run(world):
    with transaction.atomic():
        run = run_request(actor=world.vejle.hr, network=Network.objects.get(slug="job7"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        return run_execute(run.pk)


def test_active_swap_requests_are_withdrawn_their_proposal_ends_and_the_interested_are_told(
    world, mailoutbox, delivered
):
    kolding, vejle = world.kolding.municipality, world.vejle.municipality
    leaver = kolding_colleague(world)
    partner = swap_request(world.vejle.employee, wished_municipalities=[kolding])
    request = swap_request(leaver, wished_municipalities=[vejle])
    # Vejle's HR would like to visit (no match for matching: another format).
    visitor = swap_request(world.vejle.hr, format="visit")
    with tenant_context(vejle):
        interest_express(actor=world.vejle.hr, from_request=visitor, to_request=request)
    assert _run(world).proposals_count == 1
    proposal = MatchProposal.objects.get()
    # A swap by mutual interest, made after the run: it stays.
    in_swap = swap_request(leaver)
    colleague = swap_request(world.kolding.employee)
    with tenant_context(kolding):
        interest_express(actor=leaver, from_request=in_swap, to_request=colleague)
        interest_express(actor=world.kolding.employee, from_request=colleague, to_request=in_swap)
    assert what_leaving_withdraws(leaver) == [
        f"Ønsket om jobbytte {request.public_label} og et eventuelt matchforslag, det indgår i"
    ]
    mailoutbox.clear()

    _deactivate(world, leaver, delivered)

    statuses = dict(SwapRequest.objects.values_list("pk", "status"))
    assert (statuses[request.pk], statuses[in_swap.pk], statuses[colleague.pk]) == (
        RequestStatus.WITHDRAWN,
        RequestStatus.MATCHED,
        RequestStatus.MATCHED,
    )
    assert SwapRequest.objects.get(pk=request.pk).withdrawn_reason == REASON
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert Interest.objects.filter(from_request=visitor, to_request=request).exists()
    assert _public_events("swap_request.withdrawn_leaver") == [
        (str(request.pk), world.kolding.hr.pk, {"reason": REASON})
    ]
    assert _public_events("proposal.withdrawn") == [
        (str(proposal.pk), world.kolding.hr.pk, {"request": request.pk})
    ]
    # The partner of the proposal is back in the pool (matching says so); the
    # one who was interested is told, by the request's label, never a name.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("employee@vejle.example", "Dit foreslåede jobbytte blev ikke til noget"),
        ("hr@vejle.example", "Et ønske om jobbytte, du var i kontakt med, er trukket tilbage"),
    ]
    told = next(m for m in mailoutbox if m.to == ["hr@vejle.example"])
    assert f'Ønsket om jobbytte "{request.public_label}" er trukket tilbage' in told.body
    assert "Kollega nabo" not in told.body
    assert f"Den angivne begrundelse: {REASON}" in told.body
    partner.refresh_from_db()
    assert partner.status == RequestStatus.ACTIVE


def test_withdrawing_for_a_leaver_twice_changes_nothing_more(
    world, make_opening, delivered, mailoutbox
):
    leaver = kolding_colleague(world)
    application_submit(actor=leaver, opening=make_opening(), **GOALS)
    swap_request(leaver)
    _deactivate(world, leaver, delivered)
    mailoutbox.clear()
    before = (
        list(Application.objects.values("pk", "status", "decided_at")),
        list(SwapRequest.objects.values("pk", "status", "updated_at")),
        AuditEvent.objects.count(),
    )
    _deactivate(world, leaver, delivered)  # already deactivated: the hook is not sent again
    assert (
        list(Application.objects.values("pk", "status", "decided_at")),
        list(SwapRequest.objects.values("pk", "status", "updated_at")),
        AuditEvent.objects.count(),
    ) == before
    assert mailoutbox == []
