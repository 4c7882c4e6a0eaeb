"""Reads of a municipality's organisation. They only ever see the schema the
connection is set to, so one municipality's staff cannot appear in another's."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from config.posted import storable_id
from tenants.organisation.changes import Change, in_words
from tenants.organisation.models import EmployeeProfile, Unit, UnitKind


@dataclass
class UnitNode:
    unit: Unit
    headcount: int
    children: list["UnitNode"] = field(default_factory=list)

    @property
    def total_headcount(self) -> int:
        return self.headcount + sum(child.total_headcount for child in self.children)


def organisation_tree() -> list[UnitNode]:
    """The whole tree (administration → department → workplace) with the
    number of employees at each workplace (those who have left not
    counted); one query whatever the size."""
    units = list(
        Unit.objects.select_related("leader__user")
        .annotate(n=Count("employees", filter=Q(employees__user__is_active=True)))
        .order_by("name")
    )
    nodes = {unit.pk: UnitNode(unit=unit, headcount=unit.n) for unit in units}
    roots = []
    for unit in units:
        node = nodes[unit.pk]
        if unit.parent_id is None:
            roots.append(node)
        else:
            nodes[unit.parent_id].children.append(node)
    return roots


def team_of(leader: EmployeeProfile) -> list[EmployeeProfile]:
    return list(
        leader.reports.select_related("user", "profession", "workplace").order_by("user__full_name")
    )


def workplace_count() -> int:
    return Unit.objects.filter(kind=UnitKind.WORKPLACE, closed_at__isnull=True).count()


def employee_count() -> int:
    """The municipality's active employees (with a record)."""
    return EmployeeProfile.objects.filter(user__is_active=True).count()


def unit_for_viewer(*, viewer, unit_id: int) -> Unit:
    """The unit with ``unit_id`` if ``viewer`` may see its staff list: HR sees
    every unit of their municipality, a leader the workplace they lead.
    Raises Unit.DoesNotExist alike for a missing unit and a forbidden one."""
    if not storable_id(unit_id):
        raise Unit.DoesNotExist
    units = Unit.objects.select_related("parent__parent")
    if viewer.has_role(Role.HR):
        return units.get(pk=unit_id)
    if viewer.has_role(Role.LEADER):
        return units.get(pk=unit_id, kind=UnitKind.WORKPLACE, employees__user_id=viewer.pk)
    raise Unit.DoesNotExist


def unit_ids_under(unit: Unit) -> list[int]:
    """``unit`` and every unit below it (one query per level)."""
    ids = [unit.pk]
    frontier = [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def staff_of(unit: Unit) -> list[EmployeeProfile]:
    """Active employees at ``unit`` and every unit below it."""
    return list(
        EmployeeProfile.objects.filter(workplace_id__in=unit_ids_under(unit), user__is_active=True)
        .select_related("user", "profession", "workplace", "leader__user")
        .order_by("workplace__name", "user__full_name")
    )


# --- HR's pages --------------------------------------------------------------


def _hr(viewer) -> bool:
    return viewer.is_authenticated and viewer.has_role(Role.HR)


def unit_for_hr(*, viewer, unit_id: int) -> Unit:
    """The unit with ``unit_id`` for HR of this municipality to change.
    Raises Unit.DoesNotExist alike for a missing unit and for anyone else."""
    if not _hr(viewer) or not storable_id(unit_id):
        raise Unit.DoesNotExist
    return Unit.objects.select_related("parent__parent", "leader__user").get(pk=unit_id)


def employee_for_hr(*, viewer, profile_id: int) -> EmployeeProfile:
    """The record with ``profile_id`` for HR of this municipality to change.
    Raises EmployeeProfile.DoesNotExist alike for a missing record and for
    anyone else."""
    if not _hr(viewer) or not storable_id(profile_id):
        raise EmployeeProfile.DoesNotExist
    return EmployeeProfile.objects.select_related(
        "user", "profession", "workplace__parent", "leader__user"
    ).get(pk=profile_id)


def accounts_without_record(municipality) -> QuerySet[User]:
    """Accounts of ``municipality`` with no record here yet (made before
    their record: by an operator, or before HR's pages existed)."""
    return User.objects.filter(municipality=municipality).exclude(
        pk__in=EmployeeProfile.objects.values("user_id")
    )


def account_without_record_for_hr(*, viewer, municipality, user_id: int) -> User:
    """An account of ``municipality`` without a record, for HR of it to
    register. Raises User.DoesNotExist alike for a missing account, one of
    another municipality, one with a record, and for anyone but HR."""
    if not _hr(viewer) or not storable_id(user_id):
        raise User.DoesNotExist
    return accounts_without_record(municipality).get(pk=user_id)


class EmployeeStatus:
    ACTIVE = "active"
    LEFT = "left"


def employee_search(
    *, text: str = "", unit: Unit | None = None, role: str = "", status: str = ""
) -> QuerySet[EmployeeProfile]:
    """The municipality's employee records for HR's list: ``text`` in the
    name, e-mail or job title; at ``unit`` or any unit under it; holding
    ``role``; active or left (EmployeeStatus). By name; a page of it costs
    the same whatever the number of employees."""
    staff = EmployeeProfile.objects.select_related(
        "user", "profession", "workplace", "leader__user"
    ).order_by("user__full_name", "pk")
    text = (text or "").strip()
    if text:
        staff = staff.filter(
            Q(user__full_name__icontains=text)
            | Q(user__email__icontains=text)
            | Q(job_title__icontains=text)
        )
    if unit is not None:
        staff = staff.filter(workplace_id__in=unit_ids_under(unit))
    if role:
        staff = staff.filter(user_id__in=Membership.objects.filter(role=role).values("user_id"))
    if status == EmployeeStatus.ACTIVE:
        staff = staff.filter(user__is_active=True)
    elif status == EmployeeStatus.LEFT:
        staff = staff.filter(user__is_active=False)
    return staff


def open_units(*kinds: str) -> QuerySet[Unit]:
    """Open units of ``kinds``, for choosing a parent or a workplace."""
    return (
        Unit.objects.filter(kind__in=kinds, closed_at__isnull=True)
        .select_related("parent")
        .order_by("name", "pk")
    )


def leaders() -> QuerySet[EmployeeProfile]:
    """Active employees holding the leader role: who may lead a unit or an
    employee."""
    return (
        EmployeeProfile.objects.filter(
            user__is_active=True,
            user_id__in=Membership.objects.filter(role=Role.LEADER).values("user_id"),
        )
        .select_related("user", "workplace")
        .order_by("user__full_name", "pk")
    )


@dataclass
class UnitFacts:
    """What closing a unit depends on, said before HR tries."""

    employees: int
    open_units_below: int


def unit_facts(unit: Unit) -> UnitFacts:
    return UnitFacts(
        employees=EmployeeProfile.objects.filter(workplace=unit, user__is_active=True).count(),
        open_units_below=unit.children.filter(closed_at__isnull=True).count(),
    )


def reports_of(profile: EmployeeProfile) -> list[EmployeeProfile]:
    """The active employees ``profile`` leads directly."""
    return list(
        profile.reports.filter(user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def recent_changes(limit: int) -> list[Change]:
    """The latest ``limit`` changes of the municipality's trail, in words."""
    return in_words(AuditEvent.objects.all()[:limit])
