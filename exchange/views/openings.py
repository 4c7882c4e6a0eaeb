"""Openings on a municipality's site: browse and search what the
municipality may see, and — for HR and leaders — post, change, publish,
withdraw and renew their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.forms import form_errors_from
from config.pages import step
from exchange import selectors
from exchange.forms import (
    ApplicationForm,
    OpeningForm,
    OpeningSearchForm,
    RenewForm,
    WithdrawForm,
)
from exchange.models import Opening
from exchange.services import openings as services
from exchange.services.openings import OPENING_FIELDS, OpeningData
from tenants.organisation import people


def opening_or_404(finder, **kwargs) -> Opening:
    try:
        return finder(**kwargs)
    except Opening.DoesNotExist:
        raise Http404 from None


def _may_manage(user) -> bool:
    return user.has_role(Role.HR) or user.has_role(Role.LEADER)


def _workplaces_for(user):
    workplaces = people.workplaces()
    if user.has_role(Role.HR):
        return list(workplaces)
    return list(workplaces.filter(pk__in=people.workplace_ids_of(user)))


@login_required
def opening_list(request):
    """Browse and search the openings the user's municipality may see."""
    form = OpeningSearchForm(request.GET or None)
    query = (
        selectors.query_from_params(request.GET)
        if request.GET
        else selectors.OpeningQuery(sort="newest")
    )
    result = selectors.opening_search(
        viewer_municipality=request.user.municipality,
        query=query,
        viewer_workplace_place=people.place_of(request.user),
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "exchange/opening_list.html",
        {"form": form, "result": result, "query": query, "querystring": params.urlencode()},
    )


@login_required
def opening_detail(request, opening_id: int):
    opening = opening_or_404(selectors.opening_for_viewer, user=request.user, opening_id=opening_id)
    return render(request, "exchange/opening_detail.html", detail_context(request, opening))


@login_required
def manage_list(request):
    """The openings the user may change: HR all of the municipality's, a
    leader their workplace's."""
    if not _may_manage(request.user):
        raise Http404
    openings = selectors.managed_openings(request.user).order_by("-updated_at")
    return render(request, "exchange/manage_list.html", {"openings": openings})


def _data_from(form) -> OpeningData:
    data = dict(form.cleaned_data)
    data["professions"] = list(data["professions"])
    data["learning_tags"] = list(data["learning_tags"])
    return OpeningData(**data)


@login_required
def opening_new(request):
    if not _may_manage(request.user):
        raise Http404
    user = request.user
    form = OpeningForm(
        request.POST or None,
        workplaces=_workplaces_for(user),
        municipality=user.municipality,
        initial={"contact_name": user.full_name, "contact_email": user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.opening_create(actor=user, data=_data_from(form))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The opening is saved as a draft. Publish it when it is ready.")
            )
            return redirect("exchange:opening", opening_id=opening.pk)
    return render(request, "exchange/opening_form.html", {"form": form, "opening": None})


@login_required
def opening_edit(request, opening_id: int):
    opening = opening_or_404(
        selectors.opening_for_manager, user=request.user, opening_id=opening_id
    )
    initial = {field: getattr(opening, field) for field in ("workplace_unit_id", *OPENING_FIELDS)}
    initial["professions"] = list(opening.professions.all())
    initial["learning_tags"] = list(opening.learning_tags.all())
    form = OpeningForm(
        request.POST or None,
        workplaces=_workplaces_for(request.user),
        municipality=request.user.municipality,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_update(actor=request.user, opening=opening, data=_data_from(form))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The opening is saved."))
            return redirect("exchange:opening", opening_id=opening.pk)
    return render(request, "exchange/opening_form.html", {"form": form, "opening": opening})


def _opening_step(request, opening_id: int, change, done: str):
    """Publish, withdraw or renew: only the opening's managers; a refusal
    is said on the opening's page."""
    opening = opening_or_404(
        selectors.opening_for_manager, user=request.user, opening_id=opening_id
    )
    return step(request, lambda: change(opening), done, "exchange:opening", opening_id=opening.pk)


@login_required
@require_POST
def opening_publish(request, opening_id: int):
    return _opening_step(
        request,
        opening_id,
        lambda opening: services.opening_publish(actor=request.user, opening=opening),
        _("The opening is published."),
    )


@login_required
@require_POST
def opening_withdraw(request, opening_id: int):
    """Withdraw, with a reason (waiting applicants are told it)."""
    return _opening_step(
        request,
        opening_id,
        lambda opening: services.opening_withdraw(
            actor=request.user,
            opening=opening,
            reason=WithdrawForm(request.POST).data.get("reason", ""),
        ),
        _("The opening is withdrawn."),
    )


@login_required
@require_POST
def opening_renew(request, opening_id: int):
    """Move the closing date."""

    def renew(opening):
        form = RenewForm(request.POST)
        if not form.is_valid():
            raise ValidationError(
                {"expires_on": form.errors.get("expires_on", [_("Enter a date.")])}
            )
        services.opening_renew(
            actor=request.user, opening=opening, expires_on=form.cleaned_data["expires_on"]
        )

    return _opening_step(request, opening_id, renew, _("The closing date is moved."))


def detail_context(request, opening, **extra) -> dict:
    manages = selectors.opening_manageable_by(request.user, opening)
    context = {
        "opening": opening,
        "manages": manages,
        "withdraw_form": WithdrawForm(),
        "renew_form": RenewForm(initial={"expires_on": opening.expires_on}),
        "apply_form": ApplicationForm(),
        "applications": selectors.applications_to_manage(request.user, opening) if manages else [],
        "my_application": selectors.applications_of(request.user)
        .filter(opening=opening, status__in=["submitted", "accepted"])
        .first(),
    }
    context.update(extra)
    return context
