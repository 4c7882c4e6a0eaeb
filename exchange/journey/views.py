"""Pages of the swap journey on each participant's own site, HR's checklist
template, and the numbers for management (a municipality's and a network's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from config.posted import posted_date, posted_id, posted_number
from exchange.journey import services, statistics
from exchange.journey.exports import csv_response, xlsx_response
from exchange.journey.models import (
    ChecklistTemplateItem,
    CoachTalkKind,
    GoalLevel,
    Journey,
    Outcome,
    Owner,
    SharingKind,
)


def _access(request, swap_id, party_id) -> services.Access:
    try:
        return services.access(user=request.user, swap_id=swap_id, party_id=party_id)
    except Journey.DoesNotExist:
        raise Http404 from None


@login_required
def journey_detail(request, swap_id: int, party_id: int):
    acc = _access(request, swap_id, party_id)
    roles = acc.roles
    journey = acc.journey
    with tenant_context(acc.party.home_municipality):
        context = {
            "acc": acc,
            "journey": journey,
            "party": acc.party,
            "roles": roles,
            "is_swapper": Owner.SWAPPER in roles,
            "is_coach": Owner.COACH in roles,
            "is_hr": Owner.HR in roles,
            "is_home_leader": Owner.HOME_LEADER in roles,
            "is_host_leader": Owner.HOST_LEADER in roles,
            "checklist": list(journey.checklist.all()),
            "contacts": list(journey.contacts.all()),
            "entries": list(services.visible_entries(acc)),
            # Coach talks: between the coach and the swapper only.
            "talks": list(journey.talks.all()) if roles & {Owner.SWAPPER, Owner.COACH} else [],
            "evaluations": {e.level: e for e in journey.evaluations.all()},
            "sharing": list(journey.sharing.all()),
            "ideas": list(journey.ideas.all()),
            "coach": User.objects.filter(pk=journey.coach_id).first(),
        }
        owners = {i.owner_id for i in context["ideas"]}
        names = dict(User.objects.filter(pk__in=owners).values_list("pk", "full_name"))
        for idea in context["ideas"]:
            idea.owner_name = names.get(idea.owner_id, "")
        if Owner.HR in roles:
            context["coaches"] = User.objects.filter(
                municipality_id=acc.party.home_municipality_id,
                is_active=True,
                memberships__role=Role.COACH,
            ).distinct()
        if roles & {Owner.SWAPPER, Owner.HOME_LEADER}:
            context["idea_owners"] = services.idea_owners(acc)
        # The evaluation, sharing plan and ideas belong to the home side.
        context["show_after"] = bool(
            roles & {Owner.SWAPPER, Owner.HOME_LEADER, Owner.HR, Owner.COACH}
        )
    for item in context["checklist"]:
        item.mine = acc.owns(item.owner) or Owner.HR in roles
    context["purpose"] = _purpose(acc) if Owner.SWAPPER in roles else None
    context.update(
        {
            "levels": GoalLevel.choices,
            "outcomes": Outcome.choices,
            "talk_kinds": CoachTalkKind.choices,
            "sharing_kinds": SharingKind.choices,
            "today": timezone.localdate(),
            "goal_rows": [
                (label, context["evaluations"].get(value)) for value, label in GoalLevel.choices
            ],
        }
    )
    return render(request, "journey/journey.html", context)


def _purpose(acc) -> list[tuple[str, str]]:
    """The swap's purpose on the three levels, as the swapper wrote it when
    applying (or in their swap request): the logbook's prompts."""
    swap = acc.party.swap
    source = swap.application if swap.application_id else None
    if source is None:
        source = swap.requests.filter(owner_id=acc.party.swapper_id).first()
    if source is None:
        return []
    return [
        (label, getattr(source, field))
        for field, label in (
            ("goal_self", _("For me")),
            ("goal_workplaces", _("For the two workplaces")),
            ("goal_organisation", _("For the organisation")),
        )
        if getattr(source, field, "")
    ]


@login_required
def logbook_entry(request, swap_id: int, party_id: int, entry_id: int):
    """One logbook entry, for whoever may read it: the same 404 as a missing
    entry for anyone it is not shared with."""
    acc = _access(request, swap_id, party_id)
    with tenant_context(acc.party.home_municipality):
        entry = services.visible_entries(acc).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return render(request, "journey/entry.html", {"entry": entry, "acc": acc})


@login_required
@require_POST
def journey_action(request, swap_id: int, party_id: int, action: str):
    acc = _access(request, swap_id, party_id)
    post = request.POST
    user = request.user
    try:
        if action == "done":
            services.checklist_done(actor=user, acc=acc, item_id=posted_id(post.get("item")))
            messages.success(request, _("Ticked off."))
        elif action == "contact":
            services.contact_add(
                actor=user, acc=acc, name=post.get("name", ""), role=post.get("role", "")
            )
            messages.success(request, _("The contact is added to the network map."))
        elif action == "cadence":
            services.cadence_set(actor=user, acc=acc, cadence=post.get("cadence", ""))
            messages.success(request, _("Saved."))
        elif action == "logbook":
            services.logbook_add(
                actor=user,
                acc=acc,
                entry_date=posted_date(post.get("entry_date")),
                text=post.get("text", ""),
                coach=post.get("coach") == "on",
                leaders=post.get("leaders") == "on",
                colleagues=post.get("colleagues") == "on",
            )
            messages.success(request, _("Your logbook entry is saved."))
        elif action == "share":
            services.logbook_share(
                actor=user,
                acc=acc,
                entry_id=posted_id(post.get("entry")),
                coach=post.get("coach") == "on",
                leaders=post.get("leaders") == "on",
                colleagues=post.get("colleagues") == "on",
            )
            messages.success(request, _("Who may read the entry is saved."))
        elif action == "talk":
            services.coach_talk_add(
                actor=user,
                acc=acc,
                kind=post.get("kind", ""),
                held_on=posted_date(post.get("held_on")),
                notes=post.get("notes", ""),
            )
            messages.success(request, _("The talk is recorded."))
        elif action == "coach":
            coach = User.objects.filter(pk=posted_id(post.get("coach"))).first()
            services.coach_assign(actor=user, acc=acc, coach=coach)
            messages.success(request, _("The coach is assigned and told."))
        elif action == "evaluation":
            services.evaluation_save(
                actor=user,
                acc=acc,
                level=post.get("level", ""),
                outcome=post.get("outcome", ""),
                words=post.get("words", ""),
            )
            messages.success(request, _("Your evaluation is saved."))
        elif action == "sharing":
            services.sharing_add(
                actor=user,
                acc=acc,
                kind=post.get("kind", ""),
                planned_on=posted_date(post.get("planned_on")),
                note=post.get("note", ""),
            )
            messages.success(request, _("The sharing is planned."))
        elif action == "shared":
            services.sharing_done(actor=user, acc=acc, activity_id=posted_id(post.get("activity")))
            messages.success(request, _("Marked as done."))
        elif action == "outcome":
            services.idea_outcome(
                actor=user,
                acc=acc,
                idea_id=posted_id(post.get("idea")),
                outcome=post.get("outcome", ""),
            )
            messages.success(request, _("The follow-up is noted."))
        elif action == "idea":
            owner = User.objects.filter(pk=posted_id(post.get("owner"))).first()
            services.idea_add(
                actor=user,
                acc=acc,
                text=post.get("text", ""),
                owner=owner,
                follow_up_on=posted_date(post.get("follow_up_on")),
            )
            messages.success(request, _("The idea is noted with its owner."))
        else:
            raise Http404
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except Journey.DoesNotExist:
        raise Http404 from None
    return redirect("journey:journey", swap_id=swap_id, party_id=party_id)


@login_required
def my_journeys(request):
    """The journeys the user keeps (as swapper) or coaches, at home."""
    user = request.user
    journeys = Journey.objects.filter(swapper_id=user.pk) | Journey.objects.filter(coach_id=user.pk)
    if user.has_role(Role.HR):
        journeys = Journey.objects.all()
    elif user.has_role(Role.LEADER):
        from tenants.organisation.models import EmployeeProfile

        team = EmployeeProfile.objects.filter(leader__user_id=user.pk).values("user_id")
        journeys = journeys | Journey.objects.filter(swapper_id__in=team)
    names = dict(
        User.objects.filter(pk__in=journeys.values("swapper_id")).values_list("pk", "full_name")
    )
    journeys = list(journeys.order_by("-period_start"))
    for journey in journeys:
        journey.swapper_name = names.get(journey.swapper_id, "")
    shared = list(services.colleague_entries(request.user)[:50])
    shared_names = dict(
        User.objects.filter(pk__in={e.journey.swapper_id for e in shared}).values_list(
            "pk", "full_name"
        )
    )
    for entry in shared:
        entry.swapper_name = shared_names.get(entry.journey.swapper_id, "")
    return render(request, "journey/mine.html", {"journeys": journeys, "shared": shared})


@login_required
def checklist_template(request):
    """HR shapes the checklist every new journey starts with."""
    if not request.user.has_role(Role.HR):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                services.template_item_remove(
                    actor=request.user, item_id=posted_id(request.POST.get("remove"))
                )
                messages.success(request, _("The item is removed."))
            else:
                services.template_item_add(
                    actor=request.user,
                    title=request.POST.get("title", ""),
                    owner=request.POST.get("owner", ""),
                    days_before_start=posted_number(request.POST.get("days_before_start")),
                    description=request.POST.get("description", ""),
                )
                messages.success(request, _("The item is added; new journeys get it."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        except ChecklistTemplateItem.DoesNotExist:
            raise Http404 from None
        return redirect("journey:checklist")
    return render(
        request,
        "journey/checklist_template.html",
        {"items": services.template_items(), "owners": Owner.choices},
    )


def _year(request) -> int:
    year = posted_id(request.GET.get("year"))
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def numbers(request, fmt: str = "html"):
    """HR's dashboard: the municipality's numbers for a year against the
    target, by administration and department; the flows across borders."""
    if not request.user.has_role(Role.HR):
        raise Http404
    municipality = request.user.municipality
    year = _year(request)
    if request.method == "POST":
        try:
            services.target_set(
                actor=request.user,
                year=posted_number(request.POST.get("year")),
                swaps=posted_number(request.POST.get("swaps")),
            )
            messages.success(request, _("The target is saved."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(f"{request.path}?year={posted_id(request.POST.get('year')) or year}")
    data = statistics.municipality_numbers(municipality, year)
    flow_rows = statistics.flows_of(municipality, year)
    if fmt in ("csv", "xlsx"):
        header = [_(h) for h in statistics.HEADER]
        unit_header = [_("Administration"), _("Department"), _("Started"), _("Completed")]
        name = f"jobbytte-{municipality.slug}-{year}"
        if fmt == "csv":
            return csv_response(name, header, statistics.rows_of([data]))
        return xlsx_response(
            name,
            [
                (_("Numbers"), header, statistics.rows_of([data])),
                (_("Units"), unit_header, statistics.unit_rows(data)),
                (_("Flows"), [_("From"), _("To"), _("Swappers")], [list(r) for r in flow_rows]),
            ],
        )
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
def network_numbers(request, slug: str, fmt: str = "html"):
    """A network's dashboard, for HR of its members."""
    if not request.user.has_role(Role.HR):
        raise Http404
    network = request.user.municipality.networks.filter(slug=slug).first()
    if network is None:
        raise Http404
    year = _year(request)
    rows = statistics.network_numbers(network, year)
    flow_rows = statistics.flows(list(network.members.all()), year)
    if fmt in ("csv", "xlsx"):
        header = [_(h) for h in statistics.HEADER]
        name = f"jobbytte-{network.slug}-{year}"
        if fmt == "csv":
            return csv_response(name, header, statistics.rows_of(rows))
        return xlsx_response(
            name,
            [
                (_("Numbers"), header, statistics.rows_of(rows)),
                (_("Flows"), [_("From"), _("To"), _("Swappers")], [list(r) for r in flow_rows]),
            ],
        )
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
