"""Swap requests on a municipality's site: colleagues' published wishes
(without names), one's own, publishing one, withdrawing it, and showing
interest in another's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import form_errors_from
from config.pages import step
from config.posted import plain_int, posted_id
from exchange import selectors
from exchange.forms import ReasonForm, SwapRequestForm
from exchange.models import SwapRequest
from exchange.services import requests as request_services
from tenants.organisation import people


@login_required
def request_list(request):
    params = request.GET

    def ints(name):
        return [int(v) for v in params.getlist(name) if plain_int(v)]

    page = int(params["page"]) if plain_int(params.get("page", "")) else 1
    result = selectors.request_search(
        viewer=request.user,
        text=params.get("text", "")[:200],
        professions=params.getlist("professions"),
        municipalities=ints("municipalities"),
        page=page,
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/request_list.html",
        {"result": result, "text": params.get("text", ""), "querystring": query.urlencode()},
    )


@login_required
def request_detail(request, request_id: int):
    try:
        swap_request = selectors.request_for_viewer(user=request.user, request_id=request_id)
    except SwapRequest.DoesNotExist:
        raise Http404 from None
    mine = selectors.own_requests(request.user).filter(status="active")
    return render(
        request,
        "exchange/request_detail.html",
        {
            "swap_request": swap_request,
            "own": swap_request.owner_id == request.user.pk,
            "my_active_requests": mine,
            "reason_form": ReasonForm(),
        },
    )


@login_required
def my_requests(request):
    return render(
        request, "exchange/my_requests.html", {"requests": selectors.own_requests(request.user)}
    )


@login_required
def request_new(request):
    profile = people.profile_of(request.user)
    initial = {
        "profession": profile.profession_id if profile else None,
        "workplace_type": profile.workplace.parent.name if profile else "",
    }
    form = SwapRequestForm(
        request.POST or None, municipality=request.user.municipality, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["wished_professions"] = list(data["wished_professions"])
        data["wished_municipalities"] = list(data["wished_municipalities"])
        data["learning_tags"] = list(data["learning_tags"])
        data["offered_tags"] = list(data["offered_tags"])
        try:
            created = request_services.swap_request_create(
                actor=request.user, data=request_services.RequestData(**data)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your swap request is published without your name."))
            return redirect("exchange:request", request_id=created.pk)
    return render(request, "exchange/request_form.html", {"form": form})


def _request_or_404(request, request_id: int) -> SwapRequest:
    try:
        return selectors.request_for_viewer(user=request.user, request_id=request_id)
    except SwapRequest.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def request_withdraw(request, request_id: int):
    """The owner withdraws their request, with a reason."""
    swap_request = _request_or_404(request, request_id)
    return step(
        request,
        lambda: request_services.swap_request_withdraw(
            actor=request.user, request=swap_request, reason=request.POST.get("reason", "")
        ),
        _("Your request is withdrawn."),
        "exchange:request",
        request_id=request_id,
    )


@login_required
@require_POST
def interest_express(request, request_id: int):
    """Show interest in another's request, from one of one's own."""
    swap_request = _request_or_404(request, request_id)
    return step(
        request,
        lambda: request_services.interest_express(
            actor=request.user,
            from_request=selectors.own_requests(request.user).get(
                pk=posted_id(request.POST.get("from_request"))
            ),
            to_request=swap_request,
        ),
        _("Your interest is sent. If it is mutual, you will be told at once."),
        "exchange:request",
        request_id=request_id,
    )
