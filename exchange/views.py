"""Pages of the exchange, on a municipality's site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.posted import plain_int
from exchange import documents, selectors
from exchange.forms import (
    AgreementForm,
    ApplicationForm,
    MessageForm,
    OpeningForm,
    OpeningSearchForm,
    ReasonForm,
    RenewForm,
    SwapRequestForm,
    WithdrawForm,
)
from exchange.models import Application, Opening, Swap, SwapParty, SwapRequest
from exchange.services import (
    OpeningData,
    opening_create,
    opening_publish,
    opening_renew,
    opening_update,
    opening_withdraw,
    swaps,
)
from exchange.services import requests as request_services
from exchange.services.openings import OPENING_FIELDS
from tenants.organisation import people


def _opening_or_404(finder, **kwargs) -> Opening:
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
    return render(request, "exchange/opening_detail.html", _detail_context(request, opening))


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


# --- Applications and swaps ---------------------------------------------------


@login_required
@require_POST
def opening_apply(request, opening_id: int):
    opening = _opening_or_404(
        selectors.opening_for_viewer, user=request.user, opening_id=opening_id
    )
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            swaps.application_submit(actor=request.user, opening=opening, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for message in error.messages:
                    messages.error(request, message)
                return redirect("exchange:opening", opening_id=opening.pk)
            _form_errors_from(form, error)
        else:
            messages.success(
                request, _("Your application is sent. You can follow it under My swaps.")
            )
            return redirect("exchange:my-swaps")
    return render(
        request, "exchange/opening_detail.html", _detail_context(request, opening, apply_form=form)
    )


def _detail_context(request, opening, **extra) -> dict:
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


@login_required
@require_POST
def application_decide(request, application_id: int, decision: str):
    """The opening's manager accepts or declines (with a reason)."""
    try:
        application = selectors.application_for_manager(
            user=request.user, application_id=application_id
        )
    except Application.DoesNotExist:
        raise Http404 from None
    try:
        if decision == "accept":
            swap = swaps.application_accept(actor=request.user, application=application)
            messages.success(
                request, _("The application is accepted. Both leaders are asked to approve.")
            )
            return redirect("exchange:swap", swap_id=swap.pk)
        if decision == "decline":
            swaps.application_decline(
                actor=request.user, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The application is declined and the applicant told why."))
        else:
            raise Http404
    except Application.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("exchange:opening", opening_id=application.opening_id)


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    try:
        application = selectors.application_of_applicant(
            user=request.user, application_id=application_id
        )
        swaps.application_withdraw(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Your application is withdrawn."))
    except Application.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("exchange:my-swaps")


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
            for p, r in swaps.acceptance_roles_of(request.user, swap)
            if (p.pk, r) not in given
        ]
    from exchange.approvals.services import decidable_sides
    from exchange.pools.selectors import parties_to_claim_for

    parties = list(swap.parties.all())
    sides = decidable_sides(request.user, swap) if swap.status == "awaiting_approval" else {}
    for party in parties:
        party.decidable_sides = sides.get(party.pk, [])
        party.disclosed = selectors.disclosed_to(request.user, party)
    claimable = {p.pk for p in parties_to_claim_for(request.user, swap)}
    for party in parties:
        party.may_claim_compensation = party.pk in claimable
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
            "med_here": request.tenant.med_acknowledgement_required,
            "may_cancel": swaps.may_cancel(request.user, swap),
            # The thread is between the parties only (not leaders or HR).
            "may_read_thread": swaps.may_post(request.user, swap),
            "may_post": swaps.may_post(request.user, swap)
            and swap.status in ("awaiting_approval", "approved", "agreed"),
            "can_change_agreement": agreement is not None
            and swap.status in ("approved", "agreed")
            and bool(swaps.acceptance_roles_of(request.user, swap)),
        },
    )


@login_required
@require_POST
def swap_action(request, swap_id: int, action: str):
    """Every step on a swap, each allowed only to whom it belongs (the
    services check, and answer 404 for anyone else)."""
    from exchange.approvals.services import approval_decide, med_acknowledge

    swap = _swap_or_404(request, swap_id)
    post = request.POST
    try:
        party_id = int(post.get("party", "0") or 0)
    except ValueError:
        party_id = 0
    try:
        if action == "involve-leader":
            party = next(p for p in swap.parties.all() if p.swapper_id == request.user.pk)
            swaps.swap_involve_leader(actor=request.user, party=party)
            messages.success(request, _("Your leader is asked to approve the swap."))
        elif action in ("approve", "decline"):
            approval_decide(
                actor=request.user,
                swap_id=swap.pk,
                party_id=party_id,
                side=post.get("side", ""),
                decision="approved" if action == "approve" else "declined",
                reason=post.get("reason", ""),
            )
            messages.success(request, _("Your decision is recorded."))
        elif action == "med":
            med_acknowledge(
                actor=request.user, swap_id=swap.pk, party_id=party_id, side=post.get("side", "")
            )
            messages.success(request, _("The MED acknowledgement is recorded."))
        elif action == "accept":
            try:
                version = int(post.get("version", ""))
            except ValueError:
                raise ValidationError(_("Reload the page and accept again.")) from None
            swaps.agreement_accept(actor=request.user, swap=swap, version=version)
            messages.success(request, _("You have accepted the agreement."))
        elif action == "change":
            form = AgreementForm(post)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            swaps.agreement_change(actor=request.user, swap=swap, changes=form.cleaned_data)
            messages.success(
                request, _("The agreement is changed; every party is asked to accept it again.")
            )
        elif action == "cancel":
            swaps.swap_cancel(actor=request.user, swap=swap, reason=post.get("reason", ""))
            messages.success(request, _("The swap is cancelled."))
        elif action == "message":
            swaps.message_post(actor=request.user, swap=swap, body=post.get("body", ""))
        else:
            raise Http404
    except (StopIteration, Swap.DoesNotExist, SwapParty.DoesNotExist):
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("exchange:swap", swap_id=swap.pk)


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


# --- Swap requests ---------------------------------------------------------------


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
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Your swap request is published without your name."))
            return redirect("exchange:request", request_id=created.pk)
    return render(request, "exchange/request_form.html", {"form": form})


@login_required
@require_POST
def request_action(request, request_id: int, action: str):
    try:
        swap_request = selectors.request_for_viewer(user=request.user, request_id=request_id)
        if action == "withdraw":
            request_services.swap_request_withdraw(
                actor=request.user, request=swap_request, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Your request is withdrawn."))
        elif action == "interest":
            own = selectors.own_requests(request.user).get(
                pk=int(request.POST.get("from_request", "0") or 0)
            )
            request_services.interest_express(
                actor=request.user, from_request=own, to_request=swap_request
            )
            messages.success(
                request, _("Your interest is sent. If it is mutual, you will be told at once.")
            )
        else:
            raise Http404
    except (SwapRequest.DoesNotExist, ValueError):
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("exchange:request", request_id=request_id)


@login_required
def competences(request):
    """The competence vocabulary; HR can add to it."""
    from vocabulary.models import CompetenceTag
    from vocabulary.services import competence_tag_add

    is_hr = request.user.has_role(Role.HR)
    errors = []
    if request.method == "POST":
        if not is_hr:
            raise Http404
        try:
            competence_tag_add(
                actor=request.user,
                name_da=request.POST.get("name_da", ""),
                name_en=request.POST.get("name_en", ""),
            )
            messages.success(request, _("The competence is added for every municipality."))
            return redirect("exchange:competences")
        except ValidationError as error:
            errors = error.messages
    tags = CompetenceTag.objects.select_related("added_by_municipality").order_by("name_da")
    return render(
        request,
        "exchange/competences.html",
        {"tags": tags, "is_hr": is_hr, "errors": errors, "posted": request.POST},
    )


@login_required
def exchange_settings(request):
    """HR switches the municipality's MED acknowledgement step on or off."""
    from tenants.services import municipality_med_step_set

    if not request.user.has_role(Role.HR):
        raise Http404
    municipality = request.tenant
    if request.method == "POST":
        municipality_med_step_set(
            actor=request.user, municipality=municipality, required=request.POST.get("med") == "on"
        )
        messages.success(request, _("The setting is saved."))
        return redirect("exchange:settings")
    return render(request, "exchange/settings.html", {"municipality": municipality})
