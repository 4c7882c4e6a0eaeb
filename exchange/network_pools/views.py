"""The network's pool on a member municipality's site: the year's budget and
each member's agreement, the grants, and the ledger of who owes whom per
period with settling. Only HR of a member sees it (404 otherwise, as for a
network that does not exist)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import form_errors_from
from config.pages import step
from exchange.network_pools import selectors, services
from exchange.network_pools.forms import NetworkBudgetForm, year_asked
from exchange.network_pools.models import NetworkGrant, NetworkPool
from tenants.models import Network


def _network_or_404(request, slug: str) -> Network:
    try:
        return selectors.network_for_member(user=request.user, slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


def _page(request, network: Network, year: int, budget_form=None):
    pool = NetworkPool.objects.filter(network=network, year=year).first()
    consents = (
        {c.municipality_id: c for c in pool.consents.select_related("agreed_by")} if pool else {}
    )
    members = []
    for municipality in network.members.order_by("name"):
        consent = consents.get(municipality.pk)
        members.append(
            {
                "municipality": municipality,
                "consent": consent,
                "agreed": consent is not None
                and pool is not None
                and consent.budget == pool.budget,
            }
        )
    here = request.user.municipality_id
    this_year = timezone.localdate().year
    return render(
        request,
        "network_pools/network_pool.html",
        {
            "network": network,
            "year": year,
            "years": range(this_year - 1, this_year + 6),
            "pool": pool,
            "active": pool is not None and selectors.pool_is_active(pool),
            "members": members,
            "we_agreed": any(m["agreed"] and m["municipality"].pk == here for m in members),
            "grants": NetworkGrant.objects.filter(pool=pool)
            .select_related("municipality")
            .order_by("-granted_at")
            if pool
            else [],
            "ledger": selectors.ledger(network),
            "budget_form": budget_form
            or NetworkBudgetForm(initial={"year": year, "budget": pool.budget if pool else None}),
        },
    )


@login_required
def network_pool(request, slug: str):
    network = _network_or_404(request, slug)
    return _page(request, network, year_asked(request))


def _back(network: Network, year: int) -> str:
    """The network's pool page for ``year``."""
    return f"/pools/networks/{network.slug}/?year={year}"


@login_required
@require_POST
def budget(request, slug: str):
    """A member's HR sets the year's budget (and so agrees to it); the
    others are asked to agree. A refused budget shows the page again with
    what was typed and why."""
    network = _network_or_404(request, slug)
    form = NetworkBudgetForm(request.POST)
    if not form.is_valid():
        return _page(request, network, year_asked(request), budget_form=form)
    year = form.cleaned_data["year"]
    try:
        services.network_pool_set_budget(
            actor=request.user, network=network, year=year, budget=form.cleaned_data["budget"]
        )
    except Network.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        form_errors_from(form, error)
        return _page(request, network, year, budget_form=form)
    messages.success(request, _("The budget is set; the other members are asked to agree."))
    return redirect(_back(network, year))


@login_required
@require_POST
def agree(request, slug: str):
    """A member's HR agrees to the current budget (the one it saw)."""
    network = _network_or_404(request, slug)
    year = year_asked(request)
    pool = NetworkPool.objects.filter(network=network, year=year).first()
    if pool is None:
        raise Http404
    try:
        budget = Decimal(request.POST.get("budget", ""))
    except InvalidOperation:
        budget = None
    if budget is not None and not budget.is_finite():
        budget = None  # "NaN", "sNaN", "Infinity" are not budgets
    return step(
        request,
        lambda: services.network_pool_consent(actor=request.user, pool=pool, budget=budget),
        _("Your municipality agrees to the network's pool."),
        _back(network, year),
    )


@login_required
@require_POST
def settle(request, slug: str):
    """A member's HR marks an ended period of the ledger settled."""
    network = _network_or_404(request, slug)
    year = year_asked(request)
    period = request.POST.get("period", "").strip()
    return step(
        request,
        lambda: services.network_settle(actor=request.user, network=network, period=period),
        _("%(p)s is marked as settled.") % {"p": period},
        _back(network, year),
    )
