"""Reads of a municipality's organisation. They only ever see the schema the
connection is set to, so one municipality's staff cannot appear in another's."""

from dataclasses import dataclass, field

from django.db.models import Count

from accounts.models import Role
from config.posted import storable_id
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
    number of employees at each workplace; two queries whatever the size."""
    units = list(Unit.objects.annotate(n=Count("employees")).order_by("name"))
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
    return Unit.objects.filter(kind=UnitKind.WORKPLACE).count()


def employee_count() -> int:
    return EmployeeProfile.objects.count()


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


def staff_of(unit: Unit) -> list[EmployeeProfile]:
    """Employees at ``unit`` and every unit below it."""
    ids = [unit.pk]
    frontier = [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return list(
        EmployeeProfile.objects.filter(workplace_id__in=ids)
        .select_related("user", "profession", "workplace", "leader__user")
        .order_by("workplace__name", "user__full_name")
    )
