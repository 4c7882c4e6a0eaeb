"""Who is who in a municipality: who works where, who leads whom, who must
act. The one module of the organisation that public-schema apps (the
exchange, courses) may import — the named way across the schema boundary
(see the import contracts in pyproject.toml).

Two kinds of look-up, each saying which in its docstring:
- "switches schema": reads the municipality's own schema itself and returns
  to the caller's, so it can be called from any context;
- "current schema": reads the schema the connection is set to (a page or
  service already running on the municipality's own site)."""

from decimal import Decimal

from django.db.models import QuerySet
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants.organisation.models import EmployeeProfile, Unit, UnitKind


def _leader_users(ids) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=list(ids), is_active=True, memberships__role=Role.LEADER
        ).distinct()
    )


# --- Switches schema ------------------------------------------------------------


def home_leaders(party) -> list[User]:
    """The swapper's own leader (from their employee profile at home).
    Switches schema."""
    with tenant_context(party.home_municipality):
        leader_ids = list(
            EmployeeProfile.objects.filter(
                user_id=party.swapper_id, leader__isnull=False
            ).values_list("leader__user_id", flat=True)
        )
    return _leader_users(leader_ids)


def _leader_ids_by_workplace(workplace_unit_ids) -> dict[int, set[int]]:
    """Current schema: for each workplace, the user ids that may lead it —
    the leader HR named for the unit, or, where none is named (or the one
    named has left), whoever works there (only those holding the leader role
    and active count, see _leader_users)."""
    ids = list(workplace_unit_ids)
    named = dict(
        Unit.objects.filter(pk__in=ids, leader__user__is_active=True).values_list(
            "pk", "leader__user_id"
        )
    )
    staff: dict[int, set[int]] = {}
    for workplace, user_id in EmployeeProfile.objects.filter(
        workplace_id__in=[pk for pk in ids if pk not in named]
    ).values_list("workplace_id", "user_id"):
        staff.setdefault(workplace, set()).add(user_id)
    return {pk: ({named[pk]} if pk in named else staff.get(pk, set())) for pk in ids}


def workplace_leaders(municipality, workplace_unit_id: int) -> list[User]:
    """Who leads a workplace of ``municipality``: the leader HR named for it,
    or, where none is named (or the one named has left), the leaders working
    there. Switches schema."""
    with tenant_context(municipality):
        ids = _leader_ids_by_workplace([workplace_unit_id])[workplace_unit_id]
    return _leader_users(ids)


def workplaces_with_leaders(municipality, workplace_unit_ids) -> set[int]:
    """Which of ``workplace_unit_ids`` in ``municipality`` have a leader
    (see workplace_leaders). Switches schema."""
    with tenant_context(municipality):
        candidates = _leader_ids_by_workplace(workplace_unit_ids)
    leaders = {u.pk for u in _leader_users(set().union(*candidates.values()))}
    return {workplace for workplace, ids in candidates.items() if ids & leaders}


def host_leaders(party) -> list[User]:
    """The leaders of the receiving workplace. Switches schema."""
    return workplace_leaders(party.host_municipality, party.host_workplace_unit_id)


def hr_of(municipality) -> list[User]:
    """HR of ``municipality`` (accounts are public: no schema involved)."""
    return list(
        User.objects.filter(
            municipality=municipality, is_active=True, memberships__role=Role.HR
        ).distinct()
    )


def opening_managers(opening) -> list[User]:
    """HR of the opening's municipality and the leaders of its workplace.
    Switches schema."""
    leaders = workplace_leaders(opening.municipality, opening.workplace_unit_id)
    return list({u.pk: u for u in [*hr_of(opening.municipality), *leaders]}.values())


def opening_leaders(opening) -> list[User]:
    """The leaders at the opening's workplace (who approve a swap into it).
    Switches schema."""
    return workplace_leaders(opening.municipality, opening.workplace_unit_id)


# --- Current schema ----------------------------------------------------------------


def profile_of(user) -> EmployeeProfile | None:
    """The user's job (profession, workplace and its department and
    administration, leader), or None when HR (or the identity system) has
    not registered both profession and workplace yet. Current schema."""
    return (
        EmployeeProfile.objects.select_related(
            "profession", "workplace__parent__parent", "leader__user"
        )
        .filter(user_id=user.pk, profession__isnull=False, workplace__isnull=False)
        .first()
    )


def record_of(user) -> EmployeeProfile | None:
    """The municipality's record of the user, with or without a job yet.
    Current schema."""
    return EmployeeProfile.objects.filter(user_id=user.pk).first()


def leaders_of(user) -> list[User]:
    """The employee's own leader, if registered and active. Current schema."""
    leader_ids = EmployeeProfile.objects.filter(user_id=user.pk, leader__isnull=False).values_list(
        "leader__user_id", flat=True
    )
    return list(User.objects.filter(pk__in=list(leader_ids), is_active=True))


def team_user_ids(leader) -> set[int]:
    """The users ``leader`` leads (none unless they hold the leader role).
    Current schema."""
    if not leader.has_role(Role.LEADER):
        return set()
    return set(
        EmployeeProfile.objects.filter(leader__user_id=leader.pk).values_list("user_id", flat=True)
    )


def employees_with_a_job() -> set[int]:
    """Every user with a registered job in this municipality. Current schema."""
    return set(
        EmployeeProfile.objects.filter(
            profession__isnull=False, workplace__isnull=False
        ).values_list("user_id", flat=True)
    )


def workplace_ids_of(user) -> set[int]:
    """The workplaces ``user`` works at. Current schema."""
    return set(
        EmployeeProfile.objects.filter(user_id=user.pk).values_list("workplace_id", flat=True)
    )


def workplaces() -> QuerySet[Unit]:
    """The municipality's open workplaces (the units swaps and openings
    belong to), by name. Current schema."""
    return Unit.objects.filter(kind=UnitKind.WORKPLACE, closed_at__isnull=True).order_by("name")


def place_of(user) -> tuple[float, float] | None:
    """Where ``user`` works: their workplace's latitude and longitude, or
    None when HR has registered no workplace with a place for them (then
    distances are measured from their municipality's centre). Current
    schema."""
    place = (
        EmployeeProfile.objects.filter(
            user_id=user.pk, workplace__latitude__isnull=False, workplace__longitude__isnull=False
        )
        .values_list("workplace__latitude", "workplace__longitude")
        .first()
    )
    return (float(place[0]), float(place[1])) if place else None


def workplace_place(workplace: Unit) -> tuple[Decimal | None, Decimal | None]:
    """The latitude and longitude of ``workplace`` to publish with an opening
    or a swap request: both, or (None, None) when HR has not given its
    place."""
    if workplace.latitude is None or workplace.longitude is None:
        return None, None
    return workplace.latitude, workplace.longitude


# --- For partner systems (current schema) -------------------------------------


def units_listed(*, updated_since=None) -> QuerySet[Unit]:
    """Every unit of the municipality, closed ones too, with its leader's
    name at hand, in a stable order (by id) for paging; only those changed
    at or after ``updated_since`` when given. Current schema: the API reads
    it inside the key's municipality's tenant_context."""
    units = Unit.objects.select_related("leader__user").order_by("pk")
    if updated_since is not None:
        units = units.filter(updated_at__gte=updated_since)
    return units


def staff_listed(*, updated_since=None) -> QuerySet[EmployeeProfile]:
    """Every employee record of the municipality (those who left too), with
    the account, roles and profession at hand, by id; only those changed at
    or after ``updated_since`` when given. Current schema."""
    staff = (
        EmployeeProfile.objects.select_related("user", "profession")
        .prefetch_related("user__memberships")
        .order_by("pk")
    )
    if updated_since is not None:
        staff = staff.filter(updated_at__gte=updated_since)
    return staff
