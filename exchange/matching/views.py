"""Pages of matching, on a municipality's site: an employee's proposals and
their yes/no; HR's runs (with progress) and the proposals its employees are
in. (The profession relations matching uses are vocabulary's page.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.pages import say_refusal, step
from config.posted import storable_id
from exchange.matching import selectors
from exchange.matching.compatibility import describe
from exchange.matching.services import proposals
from exchange.matching.services.runs import run_request
from exchange.models import MatchProposal, ProposalStatus

STAGES = {
    "": lambda: _("Waiting to start"),
    "collecting": lambda: _("Collecting swap requests"),
    "solving": lambda: _("Finding the best swaps"),
    "writing": lambda: _("Writing proposals"),
    "done": lambda: _("Done"),
}


def _stage(run) -> str:
    if run.status == "failed":
        return _("Failed")
    return STAGES.get(run.stage, STAGES[""])()


def _proposal_or_404(user, proposal_id: int) -> MatchProposal:
    try:
        return selectors.proposal_for_viewer(user=user, proposal_id=proposal_id)
    except MatchProposal.DoesNotExist:
        raise Http404 from None


@login_required
def my_proposals(request):
    proposals = list(selectors.proposals_of(request.user))
    for proposal in proposals:
        members = list(proposal.members.all())
        proposal.viewer_member = next((m for m in members if m.owner_id == request.user.pk), None)
        if proposal.viewer_member is not None:
            proposal.viewer_reason = describe(proposal.viewer_member.explanation)
    return render(request, "exchange/proposals.html", {"proposals": proposals})


@login_required
def proposal_detail(request, proposal_id: int):
    proposal = _proposal_or_404(request.user, proposal_id)
    for member in proposal.members.all():
        member.reason = describe(member.explanation)
    return render(
        request,
        "exchange/proposal_detail.html",
        {"proposal": proposal, "me": proposal.viewer_member, "live": proposal.status == "proposed"},
    )


def _member_proposal_or_404(request, proposal_id: int) -> MatchProposal:
    proposal = _proposal_or_404(request.user, proposal_id)
    if proposal.viewer_member is None:
        raise Http404  # HR reads proposals; only members answer
    return proposal


@login_required
@require_POST
def proposal_accept(request, proposal_id: int):
    """A member says yes to the post they would take over."""
    proposal = _member_proposal_or_404(request, proposal_id)
    try:
        answered = proposals.proposal_accept(actor=request.user, proposal=proposal)
    except ValidationError as error:
        say_refusal(request, error)
        return redirect("matching:proposal", proposal_id=proposal.pk)
    if answered.status == ProposalStatus.CLOSED:
        messages.error(
            request,
            _("The swap cannot go ahead, so the proposal is closed and you are back in the pool.")
            + " "
            + getattr(answered, "closed_reason", ""),
        )
        return redirect("matching:proposals")
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.ACCEPTED and proposal.swap_id:
        messages.success(request, _("Everyone said yes: the swap has started."))
        return redirect("exchange:swap", swap_id=proposal.swap_id)
    messages.success(request, _("Thank you. We wait for the others' answers."))
    return redirect("matching:proposals")


@login_required
@require_POST
def proposal_decline(request, proposal_id: int):
    """A member says no, with a reason."""
    proposal = _member_proposal_or_404(request, proposal_id)
    try:
        proposals.proposal_decline(
            actor=request.user, proposal=proposal, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        say_refusal(request, error)
        return redirect("matching:proposal", proposal_id=proposal.pk)
    messages.success(request, _("You said no. The proposal is closed."))
    return redirect("matching:proposals")


def _hr_only(user) -> None:
    if not user.has_role(Role.HR) or user.municipality_id is None:
        raise Http404


@login_required
def matching_overview(request):
    """HR: the networks' runs with their progress, a button to run now, and
    the proposals the municipality's employees are in (without names)."""
    _hr_only(request.user)
    municipality = request.user.municipality
    networks = list(municipality.networks.order_by("name"))
    if request.method == "POST":
        network = next((n for n in networks if str(n.pk) == request.POST.get("network")), None)
        if network is None:
            raise Http404
        try:
            length = int(request.POST.get("max_cycle_length", "3"))
        except ValueError:
            length = 0
        return step(
            request,
            lambda: run_request(
                actor=request.user,
                network=network,
                max_cycle_length=length,
                use_vacancies=request.POST.get("use_vacancies") == "on",
            ),
            _("Matching has started. Follow it here."),
            "matching:overview",
        )
    runs = list(selectors.runs_for(municipality)[:40])
    for network in networks:
        network.runs = [r for r in runs if r.network_id == network.pk][:5]
        network.busy = any(not r.finished for r in network.runs)
    for run in runs:
        run.stage_label = _stage(run)
    proposals = list(selectors.municipality_proposals(municipality)[:100])
    for proposal in proposals:
        for member in proposal.members.all():
            member.ours = member.request.municipality_id == municipality.pk
    return render(
        request,
        "exchange/matching.html",
        {
            "networks": networks,
            "proposals": proposals,
            "live": [p for p in proposals if p.status == ProposalStatus.PROPOSED],
            "lengths": (2, 3, 4),
        },
    )


@login_required
def run_status(request, run_id: int):
    """HR's page polls a run's progress (JSON)."""
    _hr_only(request.user)
    run = (
        selectors.runs_for(request.user.municipality).filter(pk=run_id).first()
        if storable_id(run_id)
        else None
    )
    if run is None:
        raise Http404
    return JsonResponse(
        {
            "status": run.status,
            "progress": run.progress,
            "stage": _stage(run),
            "finished": run.finished,
        }
    )
