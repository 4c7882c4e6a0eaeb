"""Applications to openings: apply, the manager's accept or decline, the
applicant's withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import form_errors_from
from config.pages import say_refusal, step
from exchange import selectors
from exchange.forms import ApplicationForm
from exchange.models import Application
from exchange.services import swaps
from exchange.views.openings import detail_context, opening_or_404


@login_required
@require_POST
def opening_apply(request, opening_id: int):
    opening = opening_or_404(selectors.opening_for_viewer, user=request.user, opening_id=opening_id)
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            swaps.application_submit(actor=request.user, opening=opening, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                say_refusal(request, error)
                return redirect("exchange:opening", opening_id=opening.pk)
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("Your application is sent. You can follow it under My swaps.")
            )
            return redirect("exchange:my-swaps")
    return render(
        request, "exchange/opening_detail.html", detail_context(request, opening, apply_form=form)
    )


def _application_for_manager_or_404(request, application_id: int) -> Application:
    try:
        return selectors.application_for_manager(user=request.user, application_id=application_id)
    except Application.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def application_accept(request, application_id: int):
    """The opening's manager accepts: the swap starts, awaiting the leaders."""
    application = _application_for_manager_or_404(request, application_id)
    try:
        swap = swaps.application_accept(actor=request.user, application=application)
    except Application.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        say_refusal(request, error)
        return redirect("exchange:opening", opening_id=application.opening_id)
    messages.success(request, _("The application is accepted. Both leaders are asked to approve."))
    return redirect("exchange:swap", swap_id=swap.pk)


@login_required
@require_POST
def application_decline(request, application_id: int):
    """The opening's manager declines, with a reason the applicant is told."""
    application = _application_for_manager_or_404(request, application_id)
    return step(
        request,
        lambda: swaps.application_decline(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        ),
        _("The application is declined and the applicant told why."),
        "exchange:opening",
        opening_id=application.opening_id,
    )


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    return step(
        request,
        lambda: swaps.application_withdraw(
            actor=request.user,
            application=selectors.application_for_applicant(
                user=request.user, application_id=application_id
            ),
            reason=request.POST.get("reason", ""),
        ),
        _("Your application is withdrawn."),
        "exchange:my-swaps",
    )
