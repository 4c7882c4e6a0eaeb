"""Reads of the swap journey: who may reach a journey and as what, what its
page shows each participant, which logbook entries a reader may see, and
the journeys a person keeps. A journey lives in the swapper's home
municipality's schema; each function says whether it switches there itself
("switches schema") or reads the schema the connection is set to ("current
schema")."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from config.posted import storable_id
from exchange.journey.models import Journey, LogbookEntry, Owner
from exchange.models import SwapParty
from tenants.organisation import people
from tenants.organisation.models import EmployeeProfile


@dataclass
class JourneyAccess:
    """A participant's way into one journey: the public party it follows,
    the journey (read in the home schema) and the participant's roles on it
    (Owner values)."""

    party: SwapParty
    journey: Journey
    roles: set[str]

    def owns(self, owner: str) -> bool:
        return owner in self.roles


def journey_for_participant(*, user: User, swap_id: int, party_id: int) -> JourneyAccess:
    """The journey of ``party_id`` in ``swap_id`` with the user's roles on it,
    if they have one: the swapper, the home or host leader, the assigned
    coach, HR of the home municipality. Colleagues see shared logbook entries
    elsewhere (logbook_entries_for_colleague). Journey.DoesNotExist alike for
    missing and not theirs. Any page of the journey may call it; switches
    schema (reads the journey in the home municipality's)."""
    if not storable_id(swap_id, party_id) or user.municipality_id is None:
        raise Journey.DoesNotExist
    party = (
        SwapParty.objects.select_related(
            "swap", "home_municipality", "host_municipality", "swapper"
        )
        .filter(pk=party_id, swap_id=swap_id)
        .first()
    )
    if party is None:
        raise Journey.DoesNotExist
    roles = set()
    if party.swapper_id == user.pk:
        roles.add(Owner.SWAPPER)
    if user.has_role(Role.LEADER):
        if user.municipality_id == party.home_municipality_id and any(
            u.pk == user.pk for u in people.home_leaders(party)
        ):
            roles.add(Owner.HOME_LEADER)
        if user.municipality_id == party.host_municipality_id and any(
            u.pk == user.pk for u in people.host_leaders(party)
        ):
            roles.add(Owner.HOST_LEADER)
    if user.has_role(Role.HR) and user.municipality_id == party.home_municipality_id:
        roles.add(Owner.HR)
    with tenant_context(party.home_municipality):
        journey = Journey.objects.filter(party_id=party.pk).first()
    if journey is None:
        raise Journey.DoesNotExist
    if journey.coach_id == user.pk and user.has_role(Role.COACH):
        roles.add(Owner.COACH)
    if not roles:
        raise Journey.DoesNotExist
    return JourneyAccess(party=party, journey=journey, roles=roles)


# --- The logbook: who reads which entry ----------------------------------------------


def _readable_entries(access: JourneyAccess) -> QuerySet[LogbookEntry]:
    """All entries for the swapper; shared ones for the coach and the
    leaders; none for HR. Current schema (the home municipality's)."""
    entries = LogbookEntry.objects.filter(journey=access.journey)
    if Owner.SWAPPER in access.roles:
        return entries
    scope = Q(pk__in=[])
    if Owner.COACH in access.roles:
        scope |= Q(shared_with_coach=True)
    if access.roles & {Owner.HOME_LEADER, Owner.HOST_LEADER}:
        scope |= Q(shared_with_leaders=True)
    return entries.filter(scope)


def logbook_entries_for_reader(access: JourneyAccess) -> list[LogbookEntry]:
    """The journey's logbook entries ``access`` may read, newest first.
    Switches schema."""
    with tenant_context(access.party.home_municipality):
        return list(_readable_entries(access))


def logbook_entry_for_reader(*, access: JourneyAccess, entry_id: int) -> LogbookEntry:
    """One entry of the journey that ``access`` may read: LogbookEntry.DoesNotExist
    alike for a missing entry and one not shared with the reader. Switches
    schema."""
    with tenant_context(access.party.home_municipality):
        entry = _readable_entries(access).filter(pk=entry_id).first()
    if entry is None:
        raise LogbookEntry.DoesNotExist
    return entry


def logbook_entries_for_colleague(user: User, *, limit: int = 50) -> list[LogbookEntry]:
    """Entries shared with colleagues of the user's own workplace by the
    swappers working there (not the user's own), each with ``swapper_name``.
    Current schema (the user's municipality's)."""
    workplace = (
        EmployeeProfile.objects.filter(user_id=user.pk)
        .values_list("workplace_id", flat=True)
        .first()
    )
    if workplace is None:
        return []
    colleagues = EmployeeProfile.objects.filter(workplace_id=workplace).values_list(
        "user_id", flat=True
    )
    entries = list(
        LogbookEntry.objects.filter(
            shared_with_colleagues=True, journey__swapper_id__in=list(colleagues)
        )
        .exclude(journey__swapper_id=user.pk)
        .select_related("journey")[:limit]
    )
    names = dict(
        User.objects.filter(pk__in={e.journey.swapper_id for e in entries}).values_list(
            "pk", "full_name"
        )
    )
    for entry in entries:
        entry.swapper_name = names.get(entry.journey.swapper_id, "")
    return entries


# --- What pages list ----------------------------------------------------------------


def journeys_for(user: User) -> list[Journey]:
    """The journeys the user keeps (as swapper) or coaches; every journey of
    the municipality for HR; a leader's also their team's. Newest first, each
    with ``swapper_name``. Current schema (the user's municipality's)."""
    journeys = Journey.objects.filter(swapper_id=user.pk) | Journey.objects.filter(coach_id=user.pk)
    if user.has_role(Role.HR):
        journeys = Journey.objects.all()
    elif user.has_role(Role.LEADER):
        journeys = journeys | Journey.objects.filter(swapper_id__in=people.team_user_ids(user))
    names = dict(
        User.objects.filter(pk__in=journeys.values("swapper_id")).values_list("pk", "full_name")
    )
    journeys = list(journeys.order_by("-period_start"))
    for journey in journeys:
        journey.swapper_name = names.get(journey.swapper_id, "")
    return journeys


def idea_owner_candidates(access: JourneyAccess) -> list[User]:
    """Who can own an idea (and so reach the journey to follow it up): the
    swapper, the home leader(s) and HR of the home municipality, by name.
    Switches schema (for the home leader)."""
    owners = {access.party.swapper_id: access.party.swapper}
    for user in [*people.home_leaders(access.party), *people.hr_of(access.party.home_municipality)]:
        owners[user.pk] = user
    return sorted(owners.values(), key=lambda u: u.full_name)


def coaches_of(municipality_id: int) -> QuerySet[User]:
    """The active coaches HR of a municipality may assign (accounts are
    public: no schema involved)."""
    return User.objects.filter(
        municipality_id=municipality_id, is_active=True, memberships__role=Role.COACH
    ).distinct()


def swap_purpose(access: JourneyAccess) -> list[tuple[str, str]]:
    """The swap's purpose on the three levels, as the swapper wrote it when
    applying (or in their swap request): the logbook's prompts. Public
    schema rows only."""
    swap = access.party.swap
    source = swap.application if swap.application_id else None
    if source is None:
        source = swap.requests.filter(owner_id=access.party.swapper_id).first()
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


def journey_contents(access: JourneyAccess) -> dict[str, object]:
    """What the journey page shows the participant of ``access``: the
    checklist (each item with ``mine``: theirs to tick off), the network map,
    the logbook entries they may read, the coach talks (between coach and
    swapper only), the evaluations by level, the sharing plan, the ideas
    (each with ``owner_name``) and the coach; for HR the coaches to choose
    from, for the swapper and the home leader the possible idea owners, for
    the swapper the purpose as prompts. Switches schema."""
    roles = access.roles
    journey = access.journey
    with tenant_context(access.party.home_municipality):
        contents = {
            "checklist": list(journey.checklist.all()),
            "contacts": list(journey.contacts.all()),
            "entries": list(_readable_entries(access)),
            "talks": list(journey.talks.all()) if roles & {Owner.SWAPPER, Owner.COACH} else [],
            "evaluations": {e.level: e for e in journey.evaluations.all()},
            "sharing": list(journey.sharing.all()),
            "ideas": list(journey.ideas.all()),
            "coach": User.objects.filter(pk=journey.coach_id).first(),
        }
        owners = {i.owner_id for i in contents["ideas"]}
        names = dict(User.objects.filter(pk__in=owners).values_list("pk", "full_name"))
        for idea in contents["ideas"]:
            idea.owner_name = names.get(idea.owner_id, "")
        if Owner.HR in roles:
            contents["coaches"] = coaches_of(access.party.home_municipality_id)
        if roles & {Owner.SWAPPER, Owner.HOME_LEADER}:
            contents["idea_owners"] = idea_owner_candidates(access)
        # The evaluation, sharing plan and ideas belong to the home side.
        contents["show_after"] = bool(
            roles & {Owner.SWAPPER, Owner.HOME_LEADER, Owner.HR, Owner.COACH}
        )
    for item in contents["checklist"]:
        item.mine = access.owns(item.owner) or Owner.HR in roles
    contents["purpose"] = swap_purpose(access) if Owner.SWAPPER in roles else None
    return contents
