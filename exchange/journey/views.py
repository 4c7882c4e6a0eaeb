"""Pages of the swap journey on each participant's own site, one view per
behaviour: the journey page and a logbook entry; each write on the journey
(a form on the journey page, answered by a redirect back to it); HR's
checklist template; the numbers for management (a municipality's and a
network's, as a page, CSV and XLSX) and HR's yearly target."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Role
from config.pages import step
from config.posted import posted_date, posted_id, posted_number, posted_year
from exchange.journey import selectors, services, statistics
from exchange.journey.exports import csv_response, xlsx_response
from exchange.journey.models import (
    CoachTalkKind,
    GoalLevel,
    Journey,
    LogbookEntry,
    Outcome,
    Owner,
    SharingKind,
)
from exchange.journey.selectors import JourneyAccess
from tenants.models import Municipality, Network


def _journey_of(request: HttpRequest, swap_id: int, party_id: int) -> JourneyAccess:
    try:
        return selectors.journey_for_participant(
            user=request.user, swap_id=swap_id, party_id=party_id
        )
    except Journey.DoesNotExist:
        raise Http404 from None


def _shared_with(post) -> dict[str, bool]:
    """The logbook form's "share with" boxes."""
    return {box: post.get(box) == "on" for box in ("coach", "leaders", "colleagues")}


# --- The journey page -----------------------------------------------------------------


@login_required
def journey_detail(request, swap_id: int, party_id: int):
    access = _journey_of(request, swap_id, party_id)
    roles = access.roles
    context = {
        "journey": access.journey,
        "party": access.party,
        "roles": roles,
        "is_swapper": Owner.SWAPPER in roles,
        "is_coach": Owner.COACH in roles,
        "is_hr": Owner.HR in roles,
        "is_home_leader": Owner.HOME_LEADER in roles,
        "is_host_leader": Owner.HOST_LEADER in roles,
        **selectors.journey_contents(access),
        "levels": GoalLevel.choices,
        "outcomes": Outcome.choices,
        "talk_kinds": CoachTalkKind.choices,
        "sharing_kinds": SharingKind.choices,
        "today": timezone.localdate(),
    }
    context["goal_rows"] = [
        (label, context["evaluations"].get(value)) for value, label in GoalLevel.choices
    ]
    return render(request, "journey/journey.html", context)


@login_required
def logbook_entry(request, swap_id: int, party_id: int, entry_id: int):
    """One logbook entry, for whoever may read it: the same 404 as a missing
    entry for anyone it is not shared with."""
    access = _journey_of(request, swap_id, party_id)
    try:
        entry = selectors.logbook_entry_for_reader(access=access, entry_id=entry_id)
    except LogbookEntry.DoesNotExist:
        raise Http404 from None
    return render(request, "journey/entry.html", {"entry": entry, "access": access})


# --- Writes on the journey: one form, one URL, one view each -------------------------------

JourneyWrite = Callable[..., None]


def journey_write(done: str) -> Callable[[JourneyWrite], Callable[..., HttpResponse]]:
    """A POST on the journey by one of its participants: ``write(request,
    access, **ids)`` calls the service, and ``done`` (a lazy translation,
    as the decorator runs at import) is said when it succeeds. A refused
    value is shown as an error; a journey or object that is not the
    participant's (or not there) is a 404. Back to the journey page either
    way."""

    def decorate(write: JourneyWrite) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        @wraps(write)
        def view(request, swap_id: int, party_id: int, **ids: int):
            access = _journey_of(request, swap_id, party_id)
            return step(
                request,
                lambda: write(request, access, **ids),
                done,
                "journey:journey",
                swap_id=swap_id,
                party_id=party_id,
            )

        return view

    return decorate


@journey_write(gettext_lazy("The coach is assigned and told."))
def coach_assign(request, access: JourneyAccess) -> None:
    services.coach_assign(
        actor=request.user, access=access, coach_id=posted_id(request.POST.get("coach"))
    )


@journey_write(gettext_lazy("Ticked off."))
def checklist_item_tick_off(request, access: JourneyAccess, item_id: int) -> None:
    services.checklist_item_tick_off(actor=request.user, access=access, item_id=item_id)


@journey_write(gettext_lazy("The contact is added to the network map."))
def network_contact_add(request, access: JourneyAccess) -> None:
    services.network_contact_add(
        actor=request.user,
        access=access,
        name=request.POST.get("name", ""),
        role=request.POST.get("role", ""),
    )


@journey_write(gettext_lazy("Saved."))
def logbook_cadence_set(request, access: JourneyAccess) -> None:
    services.logbook_cadence_set(
        actor=request.user, access=access, cadence=request.POST.get("cadence", "")
    )


@journey_write(gettext_lazy("Your logbook entry is saved."))
def logbook_entry_add(request, access: JourneyAccess) -> None:
    services.logbook_entry_add(
        actor=request.user,
        access=access,
        entry_date=posted_date(request.POST.get("entry_date")),
        text=request.POST.get("text", ""),
        **_shared_with(request.POST),
    )


@journey_write(gettext_lazy("Who may read the entry is saved."))
def logbook_entry_share(request, access: JourneyAccess, entry_id: int) -> None:
    services.logbook_entry_share(
        actor=request.user, access=access, entry_id=entry_id, **_shared_with(request.POST)
    )


@journey_write(gettext_lazy("The talk is recorded."))
def coach_talk_record(request, access: JourneyAccess) -> None:
    services.coach_talk_record(
        actor=request.user,
        access=access,
        kind=request.POST.get("kind", ""),
        held_on=posted_date(request.POST.get("held_on")),
        notes=request.POST.get("notes", ""),
    )


@journey_write(gettext_lazy("Your evaluation is saved."))
def goal_evaluation_save(request, access: JourneyAccess) -> None:
    services.goal_evaluation_save(
        actor=request.user,
        access=access,
        level=request.POST.get("level", ""),
        outcome=request.POST.get("outcome", ""),
        words=request.POST.get("words", ""),
    )


@journey_write(gettext_lazy("The sharing is planned."))
def sharing_activity_plan(request, access: JourneyAccess) -> None:
    services.sharing_activity_plan(
        actor=request.user,
        access=access,
        kind=request.POST.get("kind", ""),
        planned_on=posted_date(request.POST.get("planned_on")),
        note=request.POST.get("note", ""),
    )


@journey_write(gettext_lazy("Marked as done."))
def sharing_activity_mark_done(request, access: JourneyAccess, activity_id: int) -> None:
    services.sharing_activity_mark_done(actor=request.user, access=access, activity_id=activity_id)


@journey_write(gettext_lazy("The idea is noted with its owner."))
def idea_add(request, access: JourneyAccess) -> None:
    services.idea_add(
        actor=request.user,
        access=access,
        text=request.POST.get("text", ""),
        owner_id=posted_id(request.POST.get("owner")),
        follow_up_on=posted_date(request.POST.get("follow_up_on")),
    )


@journey_write(gettext_lazy("The follow-up is noted."))
def idea_follow_up(request, access: JourneyAccess, idea_id: int) -> None:
    services.idea_follow_up(
        actor=request.user,
        access=access,
        idea_id=idea_id,
        outcome=request.POST.get("outcome", ""),
    )


# --- A person's journeys ------------------------------------------------------------------


@login_required
def my_journeys(request):
    """The journeys the user keeps (as swapper) or coaches, at home, and what
    colleagues at the same workplace have shared."""
    return render(
        request,
        "journey/mine.html",
        {
            "journeys": selectors.journeys_for(request.user),
            "shared": selectors.logbook_entries_for_colleague(request.user),
        },
    )


# --- HR's checklist template ----------------------------------------------------------------


def _hr_only(request) -> None:
    if not request.user.has_role(Role.HR):
        raise Http404


@login_required
@require_safe
def checklist_template(request):
    """HR shapes the checklist every new journey starts with."""
    _hr_only(request)
    return render(
        request,
        "journey/checklist_template.html",
        {"items": services.checklist_template_items(), "owners": Owner.choices},
    )


@login_required
@require_POST
def checklist_template_item_add(request):
    _hr_only(request)
    return step(
        request,
        lambda: services.checklist_template_item_add(
            actor=request.user,
            title=request.POST.get("title", ""),
            owner=request.POST.get("owner", ""),
            days_before_start=posted_number(request.POST.get("days_before_start")),
            description=request.POST.get("description", ""),
        ),
        _("The item is added; new journeys get it."),
        "journey:checklist",
    )


@login_required
@require_POST
def checklist_template_item_remove(request, item_id: int):
    _hr_only(request)
    return step(
        request,
        lambda: services.checklist_template_item_remove(actor=request.user, item_id=item_id),
        _("The item is removed."),
        "journey:checklist",
    )


# --- The numbers for management --------------------------------------------------------------


def _year(request) -> int:
    return posted_year(request.GET.get("year"), first=2000, last=2100) or timezone.localdate().year


def _flow_sheet(flow_rows) -> tuple[str, list, list[list]]:
    return (_("Flows"), [_("From"), _("To"), _("Swappers")], [list(r) for r in flow_rows])


def _own_numbers(request) -> tuple[Municipality, int, statistics.Numbers]:
    """HR's own municipality, the year asked for and its numbers (404 for
    anyone but HR)."""
    _hr_only(request)
    municipality = request.user.municipality
    year = _year(request)
    return municipality, year, statistics.municipality_numbers(municipality, year)


@login_required
@require_safe
def numbers(request):
    """HR's dashboard: the municipality's numbers for a year against the
    target, by administration and department; the flows across borders."""
    municipality, year, data = _own_numbers(request)
    flow_rows = statistics.flows_of(municipality, year)
    return render(
        request,
        "journey/numbers.html",
        {
            "data": data,
            "year": year,
            "flows": flow_rows,
            "flow_max": max((n for _a, _b, n in flow_rows), default=1),
            "networks": municipality.networks.order_by("name"),
        },
    )


@login_required
@require_safe
def numbers_csv(request):
    municipality, year, data = _own_numbers(request)
    header = [_(h) for h in statistics.HEADER]
    return csv_response(f"jobbytte-{municipality.slug}-{year}", header, statistics.rows_of([data]))


@login_required
@require_safe
def numbers_xlsx(request):
    municipality, year, data = _own_numbers(request)
    header = [_(h) for h in statistics.HEADER]
    unit_header = [_("Administration"), _("Department"), _("Started"), _("Completed")]
    return xlsx_response(
        f"jobbytte-{municipality.slug}-{year}",
        [
            (_("Numbers"), header, statistics.rows_of([data])),
            (_("Units"), unit_header, statistics.unit_rows(data)),
            _flow_sheet(statistics.flows_of(municipality, year)),
        ],
    )


@login_required
@require_POST
def target_set(request):
    """HR sets the year's target; back to that year's numbers."""
    _hr_only(request)
    year = posted_id(request.POST.get("year")) or _year(request)
    return step(
        request,
        lambda: services.target_set(
            actor=request.user,
            year=posted_number(request.POST.get("year")),
            swaps=posted_number(request.POST.get("swaps")),
        ),
        _("The target is saved."),
        f"{reverse('journey:numbers')}?year={year}",
    )


def _network_numbers(request, slug: str) -> tuple[Network, int, list[statistics.Numbers]]:
    """One of HR's municipality's networks, the year asked for and every
    member's numbers (the same 404 for a network it is not in as for none)."""
    _hr_only(request)
    network = request.user.municipality.networks.filter(slug=slug).first()
    if network is None:
        raise Http404
    year = _year(request)
    return network, year, statistics.network_numbers(network, year)


@login_required
def network_numbers(request, slug: str):
    """A network's dashboard, for HR of its members."""
    network, year, rows = _network_numbers(request, slug)
    flow_rows = statistics.flows(list(network.members.all()), year)
    return render(
        request,
        "journey/network_numbers.html",
        {
            "network": network,
            "rows": rows,
            "year": year,
            "flows": flow_rows,
            "flow_max": max((n for _a, _b, n in flow_rows), default=1),
            "totals": {
                "started": sum(r.started for r in rows),
                "completed": sum(r.completed for r in rows),
            },
        },
    )


@login_required
def network_numbers_csv(request, slug: str):
    network, year, rows = _network_numbers(request, slug)
    header = [_(h) for h in statistics.HEADER]
    return csv_response(f"jobbytte-{network.slug}-{year}", header, statistics.rows_of(rows))


@login_required
def network_numbers_xlsx(request, slug: str):
    network, year, rows = _network_numbers(request, slug)
    header = [_(h) for h in statistics.HEADER]
    return xlsx_response(
        f"jobbytte-{network.slug}-{year}",
        [
            (_("Numbers"), header, statistics.rows_of(rows)),
            _flow_sheet(statistics.flows(list(network.members.all()), year)),
        ],
    )
