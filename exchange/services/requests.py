"""Swap requests and mutual interest. Identities stay hidden until both
owners have expressed interest in each other's request; then a swap starts
and each sees the other's name, workplace and the thread."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_public
from config.posted import required_text
from exchange import hooks
from exchange.models import (
    Interest,
    RequestStatus,
    Swap,
    SwapParty,
    SwapRequest,
    Visibility,
)
from exchange.selectors import visible_requests
from exchange.services.rules import shared_errors
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


@dataclass
class RequestData:
    profession: object
    workplace_type: str
    wished_professions: list
    period_start: date
    period_end: date
    format: str
    goal_self: str
    goal_workplaces: str
    goal_organisation: str
    wished_municipalities: list = field(default_factory=list)
    learning_tags: list = field(default_factory=list)
    offered_tags: list = field(default_factory=list)
    max_distance_km: int | None = None
    duration_weeks: int | None = None
    days_per_week: int | None = None
    visibility: str = Visibility.ALL
    network: object | None = None


def _check(data: RequestData, municipality) -> None:
    errors = shared_errors(data, municipality)
    if not data.wished_professions:
        errors.setdefault("wished_professions", []).append(_("Choose at least one profession."))
    for name in ("goal_self", "goal_workplaces", "goal_organisation", "workplace_type"):
        if not (getattr(data, name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)


def _index(request: SwapRequest) -> None:
    words = " ".join(
        [request.profession.name_da, request.profession.name_en]
        + [f"{p.name_da} {p.name_en}" for p in request.wished_professions.all()]
    )
    SwapRequest.objects.filter(pk=request.pk).update(
        search_vector=SearchVector("workplace_type", Value(words), weight="A", config="danish")
        + SearchVector(
            "goal_self", "goal_workplaces", "goal_organisation", weight="C", config="danish"
        )
    )


@transaction.atomic
def swap_request_create(*, actor: User, data: RequestData) -> SwapRequest:
    """An employee publishes a wish to swap jobs. Call in the employee's
    municipality schema (their workplace is read from their profile there)."""
    if getattr(connection.tenant, "pk", None) != actor.municipality_id:
        raise RuntimeError("swap_request_create runs in the employee's own municipality schema.")
    profile = people.profile_of(actor)
    if profile is None:
        raise ValidationError(
            _("HR has not registered your job yet, so you cannot publish a request.")
        )
    _check(data, actor.municipality)
    # Distances are measured from the workplace when HR has given its place.
    latitude, longitude = people.workplace_place(profile.workplace)
    request = SwapRequest(
        owner=actor,
        municipality=actor.municipality,
        profession=data.profession,
        workplace_type=data.workplace_type.strip(),
        workplace_unit_id=profile.workplace_id,
        workplace_name=profile.workplace.name,
        latitude=latitude,
        longitude=longitude,
        max_distance_km=data.max_distance_km,
        period_start=data.period_start,
        period_end=data.period_end,
        duration_weeks=data.duration_weeks,
        format=data.format,
        days_per_week=data.days_per_week,
        goal_self=data.goal_self.strip(),
        goal_workplaces=data.goal_workplaces.strip(),
        goal_organisation=data.goal_organisation.strip(),
        visibility=data.visibility,
        network=data.network,
    )
    request.full_clean(exclude=["search_vector"])
    request.save()
    request.wished_professions.set(data.wished_professions)
    request.wished_municipalities.set(data.wished_municipalities)
    request.learning_tags.set(data.learning_tags)
    request.offered_tags.set(data.offered_tags)
    _index(request)
    audit_record_public(
        actor=actor,
        action="swap_request.published",
        target=request,
        municipality=actor.municipality,
    )
    return request


@transaction.atomic
def swap_request_withdraw(*, actor: User, request: SwapRequest, reason: str) -> SwapRequest:
    """The owner withdraws their request at any time (a reason is required).
    Anyone else gets DoesNotExist, whatever reason they give."""
    request = SwapRequest.objects.select_for_update().get(pk=request.pk)
    if request.owner_id != actor.pk:
        raise SwapRequest.DoesNotExist
    reason = required_text(reason, "reason", _("Give a reason for withdrawing."))
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationError(_("The request is already withdrawn."))
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_reason = reason
    request.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    hooks.swap_request_left_pool.send(sender=SwapRequest, request=request, actor=actor)
    audit_record_public(
        actor=actor,
        action="swap_request.withdrawn",
        target=request,
        municipality=request.municipality,
        data={"reason": reason},
    )
    return request


@transaction.atomic
def interest_express(
    *, actor: User, from_request: SwapRequest, to_request: SwapRequest
) -> Interest:
    """The owner of ``from_request`` (the actor) is interested in swapping with
    the owner of ``to_request`` (which the actor's municipality may see; the
    caller fetched it with selectors.request_for_viewer). If the other owner
    is interested back, the two are revealed to each other and a swap starts."""
    requests = {
        r.pk: r
        for r in SwapRequest.objects.select_for_update().filter(
            pk__in=[from_request.pk, to_request.pk]
        )
    }
    mine, theirs = requests.get(from_request.pk), requests.get(to_request.pk)
    if mine is None or theirs is None or mine.owner_id != actor.pk:
        raise SwapRequest.DoesNotExist
    if theirs.owner_id == actor.pk:
        raise ValidationError(_("You cannot swap with yourself."))
    if mine.status != RequestStatus.ACTIVE or theirs.status != RequestStatus.ACTIVE:
        raise ValidationError(_("Both requests must be active."))

    if not visible_requests(theirs.municipality).filter(pk=mine.pk).exists():
        raise ValidationError(
            _("Your request is not visible to the colleague's municipality; widen who may see it.")
        )
    start, end = (
        max(mine.period_start, theirs.period_start),
        min(mine.period_end, theirs.period_end),
    )
    if end < start:
        raise ValidationError(_("Your periods do not overlap."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(from_request=mine, to_request=theirs)
    except IntegrityError:
        raise ValidationError(_("You have already expressed interest in this request.")) from None
    audit_record_public(
        actor=actor,
        action="interest.expressed",
        target=theirs,
        municipality=mine.municipality,
        data={"from": mine.pk},
    )
    if not Interest.objects.filter(from_request=theirs, to_request=mine).exists():
        send_after_commit(
            [
                mail_for(
                    theirs.owner,
                    "exchange/mail/interest_received.txt",
                    f"/exchange/requests/{mine.pk}/",
                    request=mine,
                    theirs=theirs,
                )
            ]
        )
        return interest
    for request in (mine, theirs):
        if not people.workplace_leaders(request.municipality, request.workplace_unit_id):
            raise ValidationError(
                _(
                    "No leader is registered at one of the two workplaces to approve the swap; "
                    "HR must register one first."
                )
            )
    swap = Swap.objects.create(period_start=start, period_end=end)
    swap.requests.set([mine, theirs])
    for home, host in ((mine, theirs), (theirs, mine)):
        SwapParty.objects.create(
            swap=swap,
            swapper=home.owner,
            home_municipality=home.municipality,
            host_municipality=host.municipality,
            host_workplace_unit_id=host.workplace_unit_id,
            host_workplace_name=host.workplace_name,
        )
    SwapRequest.objects.filter(pk__in=[mine.pk, theirs.pk]).update(status=RequestStatus.MATCHED)
    for request in (mine, theirs):
        hooks.swap_request_left_pool.send(sender=SwapRequest, request=request, actor=actor)
    audit_record_public(
        actor=actor,
        action="swap.created",
        target=swap,
        municipality=mine.municipality,
        data={"requests": [mine.pk, theirs.pk]},
    )
    send_after_commit(
        [
            mail_for(
                owner,
                "exchange/mail/mutual_interest.txt",
                f"/exchange/swaps/{swap.pk}/",
                swap=swap,
                other=other,
            )
            for owner, other in ((mine.owner, theirs.owner), (theirs.owner, mine.owner))
        ]
    )
    return interest
