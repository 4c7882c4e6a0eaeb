"""Reads of a municipality's organisation. They only ever see the schema the
connection is set to, so one municipality's staff cannot appear in another's."""

from dataclasses import dataclass, field

from django.db.models import Count

from organisation.models import EmployeeProfile, Unit, UnitKind


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


def profile_of(user) -> EmployeeProfile | None:
    return (
        EmployeeProfile.objects.select_related(
            "profession", "workplace__parent__parent", "leader__user"
        )
        .filter(user_id=user.pk)
        .first()
    )


def team_of(leader: EmployeeProfile) -> list[EmployeeProfile]:
    return list(
        leader.reports.select_related("user", "profession", "workplace").order_by("user__full_name")
    )


def workplace_count() -> int:
    return Unit.objects.filter(kind=UnitKind.WORKPLACE).count()


def employee_count() -> int:
    return EmployeeProfile.objects.count()
