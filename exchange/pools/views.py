"""Pages of the wage-compensation pool on a municipality's site: HR's pool
(budget, granted, used, left, the claims), a claim with HR's decision and
the recorded use, and the leader's application from a swap."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from config.forms import form_errors_from
from config.pages import say_refusal, step
from exchange.models import SwapParty
from exchange.network_pools import selectors as network_selectors
from exchange.network_pools.forms import year_asked
from exchange.network_pools.models import NetworkPool
from exchange.network_pools.services import money
from exchange.pools import selectors, services
from exchange.pools.forms import BudgetForm, ClaimForm, DeclineForm, GrantForm, UseForm
from exchange.pools.models import ClaimStatus, Pool, WageClaim


def party_actions(request, swap, party) -> str:
    """On the swap page: the swapper's own leader may apply for wage
    compensation for a substitute (exchange.hooks.party_actions)."""
    if not selectors.may_claim_for(request.user, party):
        return ""
    return render_to_string(
        "pools/_party_actions.html", {"swap": swap, "party": party}, request=request
    )


def _hr_or_404(request) -> None:
    if not selectors.is_hr_here(request.user):
        raise Http404


def _overview(request, year: int, budget_form=None, status: int = 200):
    summary = selectors.pool_summary(year)
    claims = list(WageClaim.objects.filter(pool__year=year).order_by("status", "-created_at"))
    names = {
        u.pk: u.full_name for u in User.objects.filter(pk__in={c.applicant_id for c in claims})
    }
    for claim in claims:
        claim.applicant_name = names.get(claim.applicant_id, "–")
    networks = []
    for network in network_selectors.networks_of(request.user.municipality):
        pool = NetworkPool.objects.filter(network=network, year=year).first()
        networks.append(
            {
                "network": network,
                "pool": pool,
                "active": pool is not None and network_selectors.pool_is_active(pool),
            }
        )
    this_year = timezone.localdate().year
    return render(
        request,
        "pools/overview.html",
        {
            "year": year,
            "years": range(this_year - 1, this_year + 6),
            "summary": summary,
            "claims": claims,
            "networks": networks,
            "budget_form": budget_form
            or BudgetForm(initial={"year": year, "budget": summary.budget}),
        },
        status=status,
    )


@login_required
def overview(request):
    _hr_or_404(request)
    return _overview(request, year_asked(request))


@login_required
@require_POST
def budget(request):
    _hr_or_404(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            services.pool_set_budget(
                actor=request.user, year=year, budget=form.cleaned_data["budget"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("The budget for %(y)s is %(b)s.")
                % {"y": year, "b": money(form.cleaned_data["budget"])},
            )
            return redirect(f"/pools/?year={year}")
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    return _overview(request, year or year_asked(request), budget_form=form)


def _claim_or_404(request, claim_id: int) -> WageClaim:
    try:
        return selectors.claim_for_viewer(user=request.user, claim_id=claim_id)
    except WageClaim.DoesNotExist:
        raise Http404 from None


def _sources(claim: WageClaim, municipality) -> list[tuple[str, str]]:
    pool = Pool.objects.filter(pk=claim.pool_id).first()
    choices = [
        (
            "own",
            _("Our own pool for %(y)s (%(left)s left)")
            % {"y": pool.year, "left": money(pool.left)},
        )
    ]
    for network_pool in network_selectors.active_pools_for(municipality, pool.year):
        choices.append(
            (
                f"network:{network_pool.pk}",
                _("%(n)s' shared pool for %(y)s (%(left)s left)")
                % {
                    "n": network_pool.network.name,
                    "y": pool.year,
                    "left": money(network_pool.left),
                },
            )
        )
    return choices


def _claim_page(request, claim: WageClaim, forms=None, status: int = 200):
    party = (
        SwapParty.objects.select_related("swap", "swapper", "host_municipality")
        .filter(pk=claim.party_id)
        .first()
    )
    is_hr = selectors.is_hr_here(request.user)
    forms = forms or {}
    context = {
        "claim": claim,
        "party": party,
        "is_hr": is_hr,
        "applicant": User.objects.filter(pk=claim.applicant_id).first(),
        "decided_by": User.objects.filter(pk=claim.decided_by_id).first()
        if claim.decided_by_id
        else None,
        "is_applicant": claim.applicant_id == request.user.pk,
    }
    if is_hr and claim.status == ClaimStatus.APPLIED:
        context["grant_form"] = forms.get("grant") or GrantForm(
            sources=_sources(claim, request.user.municipality)
        )
        context["decline_form"] = forms.get("decline") or DeclineForm()
    if is_hr and claim.status == ClaimStatus.GRANTED and claim.used_amount is None:
        context["use_form"] = forms.get("use") or UseForm(initial={"used": claim.granted_amount})
    return render(request, "pools/claim_detail.html", context, status=status)


@login_required
def claim_detail(request, claim_id: int):
    return _claim_page(request, _claim_or_404(request, claim_id))


def _claim_decision(request, claim_id: int, key: str, form_class, decide, done: str, **form_kwargs):
    """HR's decision on a claim from ``form_class``'s form; a refusal shows
    the claim again with what was typed and why next to the field, or —
    when it is not about what was typed (decided meanwhile, the swap called
    off) — says so on the claim as it now is."""
    claim = _claim_or_404(request, claim_id)
    form = form_class(request.POST, **{k: f(claim) for k, f in form_kwargs.items()})
    if form.is_valid():
        try:
            decide(claim, form)
        except (PermissionDenied, WageClaim.DoesNotExist):
            raise Http404 from None
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                say_refusal(request, error)
                return redirect("pools:claim", claim_id=claim.pk)
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("pools:claim", claim_id=claim.pk)
    claim.refresh_from_db()
    return _claim_page(request, claim, forms={key: form})


@login_required
@require_POST
def claim_grant(request, claim_id: int):
    """HR grants a claim (all of it or less) from the own pool or a network's."""

    def grant(claim, form):
        source, pool_id = form.source_and_pool()
        services.claim_grant(
            actor=request.user,
            claim=claim,
            amount=form.cleaned_data["amount"],
            source=source,
            network_pool_id=pool_id,
            reason=form.cleaned_data["reason"],
        )

    return _claim_decision(
        request,
        claim_id,
        "grant",
        GrantForm,
        grant,
        _("The claim is granted; the leader is told."),
        sources=lambda claim: _sources(claim, request.user.municipality),
    )


@login_required
@require_POST
def claim_decline(request, claim_id: int):
    """HR declines a claim with a reason."""
    return _claim_decision(
        request,
        claim_id,
        "decline",
        DeclineForm,
        lambda claim, form: services.claim_decline(
            actor=request.user, claim=claim, reason=form.cleaned_data["reason"]
        ),
        _("The claim is declined; the leader is told why."),
    )


@login_required
@require_POST
def claim_use(request, claim_id: int):
    """HR records what a granted claim used."""
    return _claim_decision(
        request,
        claim_id,
        "use",
        UseForm,
        lambda claim, form: services.claim_record_use(
            actor=request.user, claim=claim, used=form.cleaned_data["used"]
        ),
        _("The use is recorded."),
    )


@login_required
@require_POST
def claim_withdraw(request, claim_id: int):
    """The leader who applied withdraws the claim before HR decides."""
    claim = _claim_or_404(request, claim_id)
    return step(
        request,
        lambda: services.claim_withdraw(actor=request.user, claim=claim),
        _("The claim is withdrawn."),
        "pools:claim",
        not_yours=(PermissionDenied, WageClaim.DoesNotExist),
        claim_id=claim.pk,
    )


@login_required
def claim_apply(request, swap_id: int, party_id: int):
    """The swapper's own leader applies for wage compensation."""
    try:
        party = selectors.party_for_home_leader(
            user=request.user, swap_id=swap_id, party_id=party_id
        )
    except SwapParty.DoesNotExist:
        raise Http404 from None
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_apply(
                actor=request.user,
                swap_id=party.swap_id,
                party_id=party.pk,
                **form.cleaned_data,
            )
        except SwapParty.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your claim is sent to HR."))
            return redirect("pools:claim", claim_id=claim.pk)
    year = party.swap.period_start.year
    return render(
        request,
        "pools/claim_form.html",
        {
            "form": form,
            "party": party,
            "swap": party.swap,
            "year": year,
            "available": selectors.available_for(year, request.user.municipality),
            "has_pool": Pool.objects.filter(year=year).exists(),
            "claims": selectors.claims_of_party(party.pk),
        },
    )
