"""The organisation tree as a staff file names it: units found by their
names under each parent (ignoring case and spacing), the units a file
would create, and each workplace's address and place. Reads only."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop as N_

from tenants.organisation.models import Unit
from tenants.organisation.staff_import.columns import CellError, parse_degrees

ADDRESS_LIMIT = 200


def msg(text: str, **params) -> dict:
    return {"text": text, "params": params} if params else {"text": text}


def norm(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class UnitOp:
    path: tuple[str, ...]  # normalised names from the administration down
    names: tuple[str, ...]  # as first written in the file
    unit_id: int | None = None  # existing unit (a change of place)
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    changes: list = field(default_factory=list)


class Tree:
    """The organisation tree, found by normalised names under each parent."""

    def __init__(self):
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.children: dict[tuple, list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            self.children[(unit.parent_id, norm(unit.name))].append(unit)

    def path_of(self, unit_id: int | None) -> str:
        names = []
        unit = self.units.get(unit_id)
        while unit is not None:
            names.append(unit.name)
            unit = self.units.get(unit.parent_id)
        return " › ".join(reversed(names))

    def resolve(self, path: tuple[str, ...], current_workplace: int | None):
        """(("u", id) | ("n", path), problem): the workplace at ``path``,
        existing or to be created."""
        parent = None
        for depth, name in enumerate(path):
            found = self.children.get((parent, name), [])
            if len(found) > 1:
                return None, msg(
                    N_(
                        "The organisation has more than one unit called %(name)s in the same place."
                    ),
                    name=found[0].name,
                )
            if not found:
                if parent is not None and self.units[parent].closed_at is not None:
                    return None, msg(N_("%(name)s is closed."), name=self.units[parent].name)
                return ("n", path), None
            unit = found[0]
            staying = depth < len(path) - 1 and self._inside(current_workplace, unit.pk)
            if unit.closed_at is not None and unit.pk != current_workplace and not staying:
                return None, msg(N_("%(name)s is closed."), name=unit.name)
            parent = unit.pk
        return ("u", parent), None

    def _inside(self, unit_id, ancestor_id) -> bool:
        unit = self.units.get(unit_id)
        while unit is not None:
            if unit.pk == ancestor_id:
                return True
            unit = self.units.get(unit.parent_id)
        return False


def text_of(row: dict, key: str) -> str:
    return (row.get(key) or "").strip()


def tree_missing(tree: Tree, prefix: tuple) -> bool:
    parent = None
    for name in prefix:
        found = tree.children.get((parent, name))
        if not found:
            return True
        parent = found[0].pk
    return False


def place_of(person, row):
    """(address, latitude, longitude) given in the row, or None."""
    address = text_of(row, "address")
    try:
        latitude = parse_degrees(text_of(row, "latitude"))
        longitude = parse_degrees(text_of(row, "longitude"))
    except CellError as error:
        person.problems.append(msg(error.message, **error.params))
        return None
    if (latitude is None) != (longitude is None):
        person.problems.append(msg(N_("Give both bredde and længde, or neither.")))
        return None
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        person.problems.append(
            msg(N_("Bredde is between -90 and 90, længde between -180 and 180."))
        )
        return None
    if len(address) > ADDRESS_LIMIT:
        person.problems.append(
            msg(N_("The address is longer than %(limit)s characters."), limit=200)
        )
        return None
    if not address and latitude is None:
        return None
    return address, latitude, longitude


def places_settle(places, unit_ops, tree) -> None:
    """One address and place per workplace: rows that disagree are refused;
    the rest set the workplace's (an empty cell keeps what it has)."""
    for ref, given in places.items():
        addresses = {a for _p, a, _la, _lo in given if a}
        spots = {(la, lo) for _p, _a, la, lo in given if la is not None}
        if len(addresses) > 1 or len(spots) > 1:
            lines = ", ".join(str(p.line) for p, *_ in given)
            for person, *_ in given:
                person.problems.append(
                    msg(
                        N_("Rows %(lines)s give this workplace different addresses or places."),
                        lines=lines,
                    )
                )
            continue
        if ref[0] == "n":
            op = unit_ops[ref[1]]
            op.address = next(iter(addresses), "")
            op.latitude, op.longitude = next(iter(spots), (None, None))
            continue
        unit = tree.units[ref[1]]
        address = next(iter(addresses), unit.address)
        latitude, longitude = next(iter(spots), (unit.latitude, unit.longitude))
        if (address, latitude, longitude) != (unit.address, unit.latitude, unit.longitude):
            changes = []
            if address != unit.address:
                changes.append({"field": "address", "old": unit.address, "new": address})
            if (latitude, longitude) != (unit.latitude, unit.longitude):
                changes.append(
                    {
                        "field": "place",
                        "old": spot(unit.latitude, unit.longitude),
                        "new": spot(latitude, longitude),
                    }
                )
            unit_ops[ref] = UnitOp(
                path=ref,
                names=tuple(tree.path_of(unit.pk).split(" › ")),
                unit_id=unit.pk,
                address=address,
                latitude=latitude,
                longitude=longitude,
                changes=changes,
            )


def spot(latitude, longitude) -> str:
    return "" if latitude is None else f"{latitude}, {longitude}"
