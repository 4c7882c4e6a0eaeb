"""Leaders' approvals and HR's MED acknowledgements of a swap, on the
deciding municipality's own site, and HR's switch for the MED step. The
buttons appear on the exchange's swap page through exchange.hooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.pages import step
from config.posted import posted_id
from exchange.approvals.models import Side
from exchange.approvals.services import (
    approval_decline,
    approval_grant,
    decidable_sides,
    med_acknowledge,
    med_step_set,
)
from exchange.models import SwapStatus
from exchange.selectors import swap_for_participant


def party_actions(request, swap, party) -> str:
    """The approve/decline forms for the sides the viewer decides now, and
    HR's MED buttons for its own side(s) (exchange.hooks.party_actions)."""
    if swap.status != SwapStatus.AWAITING_APPROVAL:
        return ""
    user = request.user
    sides = decidable_sides(user, party)
    med_sides = []
    if "hr" in swap.viewer_roles and request.tenant.med_acknowledgement_required:
        if (
            party.home_municipality_id == user.municipality_id
            and not party.home_med_acknowledged_at
        ):
            med_sides.append(Side.HOME)
        if (
            party.host_municipality_id == user.municipality_id
            and not party.host_med_acknowledged_at
        ):
            med_sides.append(Side.HOST)
    if not sides and not med_sides:
        return ""
    return render_to_string(
        "approvals/_party_actions.html",
        {"swap": swap, "party": party, "sides": sides, "med_sides": med_sides},
        request=request,
    )


def _decide(request, swap_id: int, decide, done: str, **more):
    """``decide`` (a service) for the party and side the form posts, on a
    swap the viewer takes part in; back on the swap's page. A side that is
    not theirs to decide is a 404, as a missing swap."""
    return step(
        request,
        lambda: decide(
            actor=request.user,
            swap_id=swap_for_participant(user=request.user, swap_id=swap_id).pk,
            party_id=posted_id(request.POST.get("party")),
            side=request.POST.get("side", ""),
            **more,
        ),
        done,
        "exchange:swap",
        swap_id=swap_id,
    )


@login_required
@require_POST
def approve(request, swap_id: int):
    """A leader approves the swap for their side."""
    return _decide(request, swap_id, approval_grant, _("Your decision is recorded."))


@login_required
@require_POST
def decline(request, swap_id: int):
    """A leader declines the swap for their side, with a reason."""
    return _decide(
        request,
        swap_id,
        approval_decline,
        _("Your decision is recorded."),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def med(request, swap_id: int):
    """HR records the MED acknowledgement for its side."""
    return _decide(request, swap_id, med_acknowledge, _("The MED acknowledgement is recorded."))


@login_required
def settings_page(request):
    """HR switches the municipality's MED acknowledgement step on or off."""
    if not request.user.has_role(Role.HR):
        raise Http404
    municipality = request.tenant
    if request.method == "POST":
        med_step_set(
            actor=request.user, municipality=municipality, required=request.POST.get("med") == "on"
        )
        messages.success(request, _("The setting is saved."))
        return redirect("approvals:settings")
    return render(request, "approvals/settings.html", {"municipality": municipality})
