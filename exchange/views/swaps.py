"""A swap on a municipality's site: the page every participant sees (each
with their own buttons), involving one's leader, the agreement (accept,
change), cancelling, the parties' messages, and the agreement as PDF and the
period as iCalendar. Approvals and wage compensation add their own buttons
through exchange.hooks."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import form_refusal
from config.pages import step
from exchange import documents, hooks, selectors
from exchange.forms import AgreementForm, MessageForm, ReasonForm
from exchange.models import Swap, SwapParty
from exchange.services import swaps


@login_required
def my_swaps(request):
    """The employee's applications and every swap the user takes part in."""
    swaps_list = selectors.swaps_for(request.user)
    selectors.mark_disclosure(request.user, swaps_list)
    return render(
        request,
        "exchange/my_swaps.html",
        {
            "applications": selectors.applications_of(request.user),
            "swaps": swaps_list,
            "reason_form": ReasonForm(),
        },
    )


def _swap_or_404(request, swap_id: int):
    try:
        return selectors.swap_for_participant(user=request.user, swap_id=swap_id)
    except Swap.DoesNotExist:
        raise Http404 from None


@login_required
def swap_detail(request, swap_id: int):
    swap = _swap_or_404(request, swap_id)
    agreement = getattr(swap, "agreement", None)
    acceptances = {}
    my_pending = []
    if agreement is not None:
        given = {
            (a.party_id, a.role): a for a in agreement.acceptances.filter(version=agreement.version)
        }
        acceptances = given
        my_pending = [
            (p, r)
            for p, r in selectors.acceptance_roles_of(request.user, swap)
            if (p.pk, r) not in given
        ]
    parties = list(swap.parties.all())
    for party in parties:
        party.disclosed = selectors.disclosed_to(request.user, party)
        # Buttons of approvals and the wage-compensation pool, if any.
        party.actions = hooks.party_actions(request, swap, party)
    return render(
        request,
        "exchange/swap_detail.html",
        {
            "swap": swap,
            "roles": swap.viewer_roles,
            "parties": parties,
            "agreement": agreement,
            "acceptances": acceptances,
            "my_pending_acceptances": my_pending,
            "agreement_form": AgreementForm(
                initial={f: getattr(agreement, f) for f in swaps.AGREEMENT_FIELDS}
            )
            if agreement
            else None,
            "reason_form": ReasonForm(),
            "message_form": MessageForm(),
            "thread": swap.messages.select_related("author"),
            "may_cancel": selectors.may_cancel(request.user, swap),
            # The thread is between the parties only (not leaders or HR).
            "may_read_thread": selectors.may_post(request.user, swap),
            "may_post": selectors.may_post(request.user, swap)
            and swap.status in ("awaiting_approval", "approved", "agreed"),
            "can_change_agreement": agreement is not None
            and swap.status in ("approved", "agreed")
            and bool(selectors.acceptance_roles_of(request.user, swap)),
        },
    )


def _swap_step(request, swap_id: int, change, done: str | None):
    """One step on a swap, allowed only to whom it belongs (the services
    check, and answer 404 for anyone else); a refusal is said on the page."""
    swap = _swap_or_404(request, swap_id)
    return step(request, lambda: change(swap), done, "exchange:swap", swap_id=swap.pk)


@login_required
@require_POST
def swap_involve_leader(request, swap_id: int):
    """The swapper asks their own leader to approve (the employee decides when)."""

    def involve(swap):
        party = next((p for p in swap.parties.all() if p.swapper_id == request.user.pk), None)
        if party is None:
            raise SwapParty.DoesNotExist
        swaps.swap_involve_leader(actor=request.user, party=party)

    return _swap_step(request, swap_id, involve, _("Your leader is asked to approve the swap."))


def _parties_only(request, swap) -> None:
    """The agreement is the parties' (swapper, home and host leader) to accept
    or change: to anyone else the swap is as missing, whatever they posted."""
    if not selectors.acceptance_roles_of(request.user, swap):
        raise Swap.DoesNotExist


@login_required
@require_POST
def agreement_accept(request, swap_id: int):
    """A party accepts the agreement's current version (the one they read)."""

    def accept(swap):
        _parties_only(request, swap)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            raise ValidationError(_("Reload the page and accept again.")) from None
        swaps.agreement_accept(actor=request.user, swap=swap, version=version)

    return _swap_step(request, swap_id, accept, _("You have accepted the agreement."))


@login_required
@require_POST
def agreement_change(request, swap_id: int):
    """A party changes the agreement; everyone must accept it again."""

    def change(swap):
        _parties_only(request, swap)
        form = AgreementForm(request.POST)
        if not form.is_valid():
            raise form_refusal(form)
        swaps.agreement_change(actor=request.user, swap=swap, changes=form.cleaned_data)

    return _swap_step(
        request,
        swap_id,
        change,
        _("The agreement is changed; every party is asked to accept it again."),
    )


@login_required
@require_POST
def swap_cancel(request, swap_id: int):
    """Cancel the swap, with a reason everyone is told."""
    return _swap_step(
        request,
        swap_id,
        lambda swap: swaps.swap_cancel(
            actor=request.user, swap=swap, reason=request.POST.get("reason", "")
        ),
        _("The swap is cancelled."),
    )


@login_required
@require_POST
def message_post(request, swap_id: int):
    """A party writes in the swap's message thread."""
    return _swap_step(
        request,
        swap_id,
        lambda swap: swaps.message_post(
            actor=request.user, swap=swap, body=request.POST.get("body", "")
        ),
        None,
    )


@login_required
def swap_agreement_pdf(request, swap_id: int):
    swap = _swap_or_404(request, swap_id)
    if not hasattr(swap, "agreement"):
        raise Http404
    response = HttpResponse(documents.agreement_pdf(swap), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jobbytte-aftale-{swap.pk}.pdf"'
    return response


@login_required
def swap_period_ics(request, swap_id: int):
    swap = _swap_or_404(request, swap_id)
    response = HttpResponse(
        documents.period_ics(swap, request.get_host(), request.user),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="jobbytte-{swap.pk}.ics"'
    return response
