"""Pages of the exchange, on a municipality's site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from exchange import selectors
from exchange.forms import OpeningForm, OpeningSearchForm, RenewForm, WithdrawForm
from exchange.models import Opening
from exchange.services import (
    OpeningData,
    opening_create,
    opening_publish,
    opening_renew,
    opening_update,
    opening_withdraw,
)


def _opening_or_404(finder, **kwargs) -> Opening:
    try:
        return finder(**kwargs)
    except Opening.DoesNotExist:
        raise Http404 from None


def _may_manage(user) -> bool:
    return user.has_role(Role.HR) or user.has_role(Role.LEADER)


def _workplaces_for(user):
    from organisation.models import EmployeeProfile, Unit, UnitKind

    workplaces = Unit.objects.filter(kind=UnitKind.WORKPLACE).order_by("name")
    if user.has_role(Role.HR):
        return list(workplaces)
    own = EmployeeProfile.objects.filter(user_id=user.pk).values_list("workplace_id", flat=True)
    return list(workplaces.filter(pk__in=list(own)))


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def opening_list(request):
    """Browse and search the openings the user's municipality may see."""
    form = OpeningSearchForm(request.GET or None)
    form.is_valid()
    query = (
        selectors.OpeningQuery(**form.query_kwargs())
        if request.GET
        else selectors.OpeningQuery(sort="newest")
    )
    result = selectors.opening_search(viewer_municipality=request.user.municipality, query=query)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "exchange/opening_list.html",
        {"form": form, "result": result, "query": query, "querystring": params.urlencode()},
    )


@login_required
def opening_detail(request, opening_id: int):
    opening = _opening_or_404(
        selectors.opening_for_viewer, user=request.user, opening_id=opening_id
    )
    manages = selectors.opening_manageable_by(request.user, opening)
    return render(
        request,
        "exchange/opening_detail.html",
        {
            "opening": opening,
            "manages": manages,
            "withdraw_form": WithdrawForm(),
            "renew_form": RenewForm(initial={"expires_on": opening.expires_on}),
        },
    )


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
            opening = opening_create(actor=user, data=_data_from(form))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(
                request, _("The opening is saved as a draft. Publish it when it is ready.")
            )
            return redirect("exchange:opening", opening_id=opening.pk)
    return render(request, "exchange/opening_form.html", {"form": form, "opening": None})


@login_required
def opening_edit(request, opening_id: int):
    opening = _opening_or_404(
        selectors.opening_for_manager, user=request.user, opening_id=opening_id
    )
    initial = {
        field: getattr(opening, field)
        for field in (
            "workplace_unit_id",
            "title",
            "description",
            "kind",
            "format",
            "days_per_week",
            "period_start",
            "period_end",
            "duration_weeks",
            "requirements",
            "excluded_tasks",
            "capacity",
            "contact_name",
            "contact_email",
            "visibility",
            "network",
            "expires_on",
        )
    }
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
            opening_update(actor=request.user, opening=opening, data=_data_from(form))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The opening is saved."))
            return redirect("exchange:opening", opening_id=opening.pk)
    return render(request, "exchange/opening_form.html", {"form": form, "opening": opening})


@login_required
@require_POST
def opening_action(request, opening_id: int, action: str):
    """Publish, withdraw (with a reason) or renew (with a new closing date)."""
    opening = _opening_or_404(
        selectors.opening_for_manager, user=request.user, opening_id=opening_id
    )
    try:
        if action == "publish":
            opening_publish(actor=request.user, opening=opening)
            messages.success(request, _("The opening is published."))
        elif action == "withdraw":
            form = WithdrawForm(request.POST)
            opening_withdraw(
                actor=request.user,
                opening=opening,
                reason=form.data.get("reason", ""),
            )
            messages.success(request, _("The opening is withdrawn."))
        elif action == "renew":
            form = RenewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    {"expires_on": form.errors.get("expires_on", [_("Enter a date.")])}
                )
            opening_renew(
                actor=request.user, opening=opening, expires_on=form.cleaned_data["expires_on"]
            )
            messages.success(request, _("The closing date is moved."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("exchange:opening", kwargs={"opening_id": opening.pk}))
