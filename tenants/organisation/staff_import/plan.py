"""What a staff file would do, row by row, checked against the organisation
as it is now: who is created, changed, deactivated, reactivated or left
alone, which units are created or changed, and which rows are refused and
why. Reads only, in the municipality's schema (and the accounts in public),
with one query per kind of look-up whatever the file's size.

The preview is stored as data (messages as msgids with their parameters,
translated when shown); the operations stay in memory for the apply, which
plans again and applies only if it finds the same preview HR confirmed."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Q
from django.utils.translation import gettext_noop as N_

from accounts.models import Membership, Role, User
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.staff_import.columns import (
    ROLE_NAMES,
    CellError,
    parse_degrees,
    parse_left,
    parse_roles,
)
from vocabulary.models import Profession

LIMITS = {"email": 254, "name": 150, "job_title": 160, "external_id": 200, "address": 200}
UNIT_NAME_LIMIT = 160
PATH_KEYS = ("administration", "department", "workplace")
_email_valid = EmailValidator()


def msg(text: str, **params) -> dict:
    return {"text": text, "params": params} if params else {"text": text}


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def normalise_email(value: str) -> str:
    # As accounts.services.user_create stores it.
    return User.objects.normalize_email(value or "").strip().lower()


@dataclass
class UnitOp:
    path: tuple[str, ...]  # normalised names from the administration down
    names: tuple[str, ...]  # as first written in the file
    unit_id: int | None = None  # existing unit (a change of place)
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    changes: list = field(default_factory=list)


@dataclass
class PersonOp:
    line: int
    key: tuple  # ("p", profile id) for someone registered, ("r", line) for someone new
    email: str
    full_name: str
    user_id: int | None = None
    profile_id: int | None = None
    roles: set = field(default_factory=set)  # the roles they end with
    roles_now: set = field(default_factory=set)
    job_title: str = ""
    profession_id: int | None = None
    workplace: tuple | None = None  # ("u", unit id) or ("n", path)
    leader: tuple | None = None  # a person key
    external_id: str = ""
    active: bool = True
    user_fields: list = field(default_factory=list)  # email, full_name changed
    profile_fields: list = field(default_factory=list)  # job fields changed
    deactivate: bool = False
    reactivate: bool = False
    action: str = ""
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Plan:
    people: list[PersonOp]
    units: list[UnitOp]
    preview: dict
    counts: dict

    @property
    def refused(self) -> int:
        return self.counts["refused"]


class _Tree:
    """The organisation tree, found by normalised names under each parent."""

    def __init__(self):
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.children: dict[tuple, list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            self.children[(unit.parent_id, _norm(unit.name))].append(unit)

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


def _text(row: dict, key: str) -> str:
    return (row.get(key) or "").strip()


def plan_rows(rows: list[dict], *, actor: User, municipality, today: date) -> Plan:
    """The plan for ``rows`` (as reading.read_table gives them)."""
    tree = _Tree()
    professions = {}
    for profession in Profession.objects.all():
        for name in (profession.code, profession.name_da, profession.name_en):
            professions[_norm(name)] = profession
    profiles = {
        p["pk"]: p
        for p in EmployeeProfile.objects.values(
            "pk",
            "user_id",
            "external_id",
            "job_title",
            "profession_id",
            "workplace_id",
            "leader_id",
        )
    }
    file_emails = {normalise_email(_text(r, "email")) for r in rows} - {""}
    users = {
        u["pk"]: u
        for u in User.objects.filter(
            Q(pk__in=[p["user_id"] for p in profiles.values()]) | Q(email__in=file_emails)
        ).values("pk", "email", "full_name", "municipality_id", "provider_id", "is_active")
    }
    roles: dict[int, set] = defaultdict(set)
    for user_id, role in Membership.objects.filter(user_id__in=list(users)).values_list(
        "user_id", "role"
    ):
        roles[user_id].add(role)
    users_by_email = {u["email"]: u for u in users.values()}
    profile_by_user = {p["user_id"]: p for p in profiles.values()}
    profile_by_ext = {p["external_id"]: p for p in profiles.values() if p["external_id"]}

    people = [
        _person(row, users_by_email, users, profile_by_ext, profile_by_user, municipality)
        for row in rows
    ]
    _duplicates(people, rows)
    by_line = {person.line: person for person in people}
    unit_ops = _fields(people, rows, tree, professions, profiles, users, roles, actor, today)
    _leaders(people, rows, by_line, profiles, users, roles)
    _cycles(people, profiles, users)
    by_pk = {p.pk: p for p in professions.values()}
    for person in people:
        _decide(person, profiles, users, tree, by_pk, by_line)
    return _result(people, unit_ops, tree)


def _person(row, users_by_email, users, profile_by_ext, profile_by_user, municipality) -> PersonOp:
    """Who the row is about: found by medarbejdernummer, then by e-mail."""
    email = normalise_email(_text(row, "email"))
    person = PersonOp(
        line=row["line"], key=("r", row["line"]), email=email, full_name=_text(row, "name")
    )
    person.problems.extend(row.get("problems", []))
    if not email:
        person.problems.append(msg(N_("The row has no e-mail address.")))
        return person
    try:
        _email_valid(email)
        if len(email) > LIMITS["email"]:
            raise ValidationError("long")
    except ValidationError:
        person.email = _text(row, "email")
        person.problems.append(
            msg(N_("%(value)s is not an e-mail address."), value=_text(row, "email"))
        )
        return person
    external_id = _text(row, "external_id")
    account = users_by_email.get(email)
    profile = profile_by_ext.get(external_id) if external_id else None
    if profile is not None:
        if account is not None and account["pk"] != profile["user_id"]:
            person.problems.append(
                msg(
                    N_("%(email)s belongs to another employee than medarbejdernummer %(number)s."),
                    email=email,
                    number=external_id,
                )
            )
            return person
    elif account is not None:
        if account["municipality_id"] != municipality.pk:
            person.problems.append(
                msg(
                    N_("%(email)s is already used by an account outside %(municipality)s."),
                    email=email,
                    municipality=municipality.name,
                )
            )
            return person
        profile = profile_by_user.get(account["pk"])
        if profile is None:
            person.user_id = account["pk"]
    if profile is not None:
        person.key = ("p", profile["pk"])
        person.profile_id = profile["pk"]
        person.user_id = profile["user_id"]
    return person


def _duplicates(people: list[PersonOp], rows: list[dict]) -> None:
    """The same e-mail, medarbejdernummer or person in several rows: each of
    those rows is refused, naming the others."""
    for label, value_of in (
        (N_("The e-mail address is also in row %(lines)s."), lambda p, r: p.email),
        (
            N_("The medarbejdernummer is also in row %(lines)s."),
            lambda p, r: _text(r, "external_id"),
        ),
        (
            N_("The same person is also in row %(lines)s."),
            lambda p, r: p.key if p.key[0] == "p" else None,
        ),
    ):
        seen = defaultdict(list)
        for person, row in zip(people, rows, strict=True):
            value = value_of(person, row)
            if value:
                seen[value].append(person)
        for group in seen.values():
            for person in group if len(group) > 1 else ():
                if label.startswith("The same person") and person.problems:
                    continue
                others = ", ".join(str(p.line) for p in group if p is not person)
                if not any(p["text"] == label for p in person.problems):
                    person.problems.append(msg(label, lines=others))


def _fields(people, rows, tree, professions, profiles, users, roles, actor, today) -> list[UnitOp]:
    """Each row's values (empty keeps the current one), and the units."""
    unit_ops: dict[tuple, UnitOp] = {}
    places: dict[tuple, list] = defaultdict(list)  # workplace → (line, address, lat, lon)
    for person, row in zip(people, rows, strict=True):
        profile = profiles.get(person.profile_id) or {}
        user = users.get(person.user_id) or {}
        for key in ("name", "job_title", "external_id"):
            if len(_text(row, key)) > LIMITS[key]:
                person.problems.append(
                    msg(
                        N_("%(column)s is longer than %(limit)s characters."),
                        column=key,
                        limit=LIMITS[key],
                    )
                )
        person.full_name = _text(row, "name") or user.get("full_name", "")
        person.job_title = _text(row, "job_title") or profile.get("job_title", "")
        person.external_id = _text(row, "external_id") or profile.get("external_id", "")
        person.roles_now = set(roles.get(person.user_id, set()))
        person.active = user.get("is_active", True)
        person.profession_id = profile.get("profession_id")
        if _text(row, "profession"):
            profession = professions.get(_norm(_text(row, "profession")))
            if profession is None:
                person.problems.append(
                    msg(N_("Unknown profession %(value)s."), value=_text(row, "profession"))
                )
            else:
                person.profession_id = profession.pk
        try:
            given = parse_roles(_text(row, "roles"))
            left, when = parse_left(_text(row, "left"), today)
        except CellError as error:
            person.problems.append(msg(error.message, **error.params))
            given, left, when = None, None, None
        if given is not None:
            person.roles = given
        else:
            person.roles = person.roles_now if person.user_id else {Role.EMPLOYEE}
        if when is not None and not left:
            person.notes.append(
                msg(N_("Leaves on %(date)s; import again then."), date=when.isoformat())
            )
        if left is not None:
            person.active = not left
        if person.user_id is not None and person.user_id == actor.pk:
            if Role.HR not in person.roles:
                person.problems.append(
                    msg(N_("You cannot take your own HR role away in an import."))
                )
            if left:
                person.problems.append(msg(N_("You cannot mark yourself as left in an import.")))
        person.workplace = ("u", profile["workplace_id"]) if profile.get("workplace_id") else None
        names = tuple(_text(row, key) for key in PATH_KEYS)
        if any(names):
            if not all(names):
                person.problems.append(
                    msg(
                        N_("Give forvaltning, afdeling and arbejdsplads together, or none of them.")
                    )
                )
            elif any(len(name) > UNIT_NAME_LIMIT for name in names):
                person.problems.append(
                    msg(
                        N_("A unit name is longer than %(limit)s characters."),
                        limit=UNIT_NAME_LIMIT,
                    )
                )
            else:
                path = tuple(_norm(name) for name in names)
                ref, problem = tree.resolve(path, profile.get("workplace_id"))
                if problem:
                    person.problems.append(problem)
                else:
                    person.workplace = ref
                    for depth in range(3):
                        prefix = path[: depth + 1]
                        if ref[0] == "n" and tree_missing(tree, prefix):
                            unit_ops.setdefault(
                                prefix, UnitOp(path=prefix, names=names[: depth + 1])
                            )
        place = _place(person, row)
        if place is not None:
            if person.workplace is None:
                person.problems.append(
                    msg(N_("An address or place needs the workplace it belongs to."))
                )
            else:
                places[person.workplace].append((person, *place))
    _places(places, unit_ops, tree)
    return list(unit_ops.values())


def tree_missing(tree: _Tree, prefix: tuple) -> bool:
    parent = None
    for name in prefix:
        found = tree.children.get((parent, name))
        if not found:
            return True
        parent = found[0].pk
    return False


def _place(person, row):
    """(address, latitude, longitude) given in the row, or None."""
    address = _text(row, "address")
    try:
        latitude = parse_degrees(_text(row, "latitude"))
        longitude = parse_degrees(_text(row, "longitude"))
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
    if len(address) > LIMITS["address"]:
        person.problems.append(
            msg(N_("The address is longer than %(limit)s characters."), limit=200)
        )
        return None
    if not address and latitude is None:
        return None
    return address, latitude, longitude


def _places(places, unit_ops, tree) -> None:
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
                        "old": _spot(unit.latitude, unit.longitude),
                        "new": _spot(latitude, longitude),
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


def _spot(latitude, longitude) -> str:
    return "" if latitude is None else f"{latitude}, {longitude}"


def _leaders(people, rows, by_line, profiles, users, roles) -> None:
    """Each row's leader, found by e-mail or medarbejdernummer among the
    file's rows and the registered employees."""
    by_email, by_ext = defaultdict(set), defaultdict(set)
    for profile in profiles.values():
        user = users.get(profile["user_id"])
        if user is not None:
            by_email[user["email"]].add(("p", profile["pk"]))
        if profile["external_id"]:
            by_ext[profile["external_id"]].add(("p", profile["pk"]))
    for person in people:
        if person.email:
            by_email[person.email].add(person.key)
        if person.external_id:
            by_ext[person.external_id].add(person.key)
    in_file = {person.key: person for person in people}
    for person, row in zip(people, rows, strict=True):
        profile = profiles.get(person.profile_id) or {}
        person.leader = ("p", profile["leader_id"]) if profile.get("leader_id") else None
        ref = _text(row, "leader")
        if not ref:
            continue
        found = by_email.get(normalise_email(ref), set()) | by_ext.get(ref, set())
        if not found:
            person.problems.append(
                msg(
                    N_(
                        "No one in the file or among the employees has the e-mail address "
                        "or medarbejdernummer %(value)s."
                    ),
                    value=ref,
                )
            )
            continue
        if len(found) > 1:
            person.problems.append(
                msg(
                    N_("%(value)s names more than one person in the file or among the employees."),
                    value=ref,
                )
            )
            continue
        leader = next(iter(found))
        if leader == person.key:
            person.problems.append(msg(N_("A person cannot be their own leader.")))
            continue
        person.leader = leader
        other = in_file.get(leader)
        if other is not None:
            active, leader_roles = other.active, other.roles
        else:
            user = users.get(profiles[leader[1]]["user_id"]) or {}
            active, leader_roles = user.get("is_active", False), roles.get(user.get("pk"), set())
        if not active:
            person.problems.append(msg(N_("The leader %(value)s has left."), value=ref))
        elif Role.LEADER not in leader_roles:
            person.notes.append(
                msg(
                    N_(
                        "%(value)s does not have the role leder, so they cannot approve "
                        "this person's swaps."
                    ),
                    value=ref,
                )
            )


def _cycles(people, profiles, users) -> None:
    """Rows whose leader chain would go round in a circle."""
    leader_of = {
        ("p", pk): ("p", p["leader_id"]) if p["leader_id"] else None for pk, p in profiles.items()
    }
    for person in people:
        leader_of[person.key] = person.leader
    names = {("p", pk): users.get(p["user_id"], {}).get("email", "…") for pk, p in profiles.items()}
    names.update({person.key: person.email for person in people})
    state: dict[tuple, int] = {}
    for person in people:
        chain, node = [], person.key
        while node is not None and node in leader_of and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = leader_of[node]
        if node is not None and state.get(node) == 1:  # came back into this chain
            circle = chain[chain.index(node) :]
            text = " → ".join(names.get(k, "…") for k in [*circle, node])
            for key in circle:
                for other in people:
                    if other.key == key:
                        other.problems.append(
                            msg(N_("The leader chain goes round: %(chain)s."), chain=text)
                        )
        for key in chain:
            state[key] = 2


def _decide(person, profiles, users, tree, professions, by_line) -> None:
    """What the row does, and what it changes."""
    profile = profiles.get(person.profile_id)
    user = users.get(person.user_id)
    if person.problems:
        person.action = "refused"
        return
    if profile is None and user is None:
        if not person.active:
            person.action = "skipped"
            person.notes.append(msg(N_("Marked as left and not registered here: nothing to do.")))
            return
        if not person.full_name:
            person.problems.append(msg(N_("Someone new needs a name (navn).")))
            person.action = "refused"
            return
        person.action = "create"
        return
    if not person.active and user["is_active"]:
        person.deactivate, person.action = True, "deactivate"
        return
    if person.active and not user["is_active"]:
        person.reactivate = True
    if person.email != user["email"]:
        person.user_fields.append("email")
        person.changes.append({"field": "email", "old": user["email"], "new": person.email})
    if person.full_name != user["full_name"]:
        person.user_fields.append("full_name")
        person.changes.append({"field": "name", "old": user["full_name"], "new": person.full_name})
    if person.roles != person.roles_now:
        person.changes.append(
            {"field": "roles", "old": _roles(person.roles_now), "new": _roles(person.roles)}
        )
    profile = profile or {}
    now = {
        "job_title": profile.get("job_title", ""),
        "profession_id": profile.get("profession_id"),
        "workplace": ("u", profile["workplace_id"]) if profile.get("workplace_id") else None,
        "leader": ("p", profile["leader_id"]) if profile.get("leader_id") else None,
        "external_id": profile.get("external_id", ""),
    }
    shown = {
        "profession_id": lambda pk: professions[pk].name_da if pk else "",
        "workplace": lambda ref: _unit_label(tree, ref),
        "leader": lambda key: _person_label(key, profiles, users, by_line),
    }
    for name, value in now.items():
        new = getattr(person, name)
        if new != value:
            person.profile_fields.append(name)
            show = shown.get(name, lambda v: v or "")
            person.changes.append({"field": name, "old": show(value), "new": show(new)})
    if profile == {}:
        person.action = "create"
    elif person.reactivate:
        person.action = "reactivate"
    else:
        person.action = "change" if person.changes else "unchanged"


def _roles(roles: set) -> str:
    return ", ".join(ROLE_NAMES[r] for r in sorted(roles))


def _unit_label(tree, ref) -> str:
    if ref is None:
        return ""
    return tree.path_of(ref[1]) if ref[0] == "u" else " › ".join(ref[1])


def _person_label(key, profiles, users, by_line) -> str:
    if key is None:
        return ""
    if key[0] == "r":
        return by_line[key[1]].email
    user = users.get(profiles[key[1]]["user_id"]) or {}
    return user.get("email", "")


def _result(people: list[PersonOp], unit_ops: list[UnitOp], tree: _Tree) -> Plan:
    labels = {}
    for op in unit_ops:
        labels[op.path] = " › ".join(op.names)
    rows = [
        {
            "line": p.line,
            "email": p.email,
            "name": p.full_name,
            "action": p.action,
            "changes": p.changes,
            "problems": p.problems,
            "notes": p.notes,
        }
        for p in people
    ]
    units = [
        {
            "path": labels[op.path],
            "action": "change" if op.unit_id else "create",
            "changes": op.changes,
        }
        for op in unit_ops
    ]
    units.sort(key=lambda unit: unit["path"].casefold())
    counts = {
        action: sum(p.action == action for p in people)
        for action in (
            "create",
            "change",
            "deactivate",
            "reactivate",
            "unchanged",
            "skipped",
            "refused",
        )
    }
    counts["rows"] = len(people)
    counts["units_created"] = sum(1 for u in units if u["action"] == "create")
    counts["units_changed"] = sum(1 for u in units if u["action"] == "change")
    preview = {"rows": rows, "units": units}
    preview["signature"] = hashlib.sha256(
        json.dumps(preview, sort_keys=True, default=str).encode()
    ).hexdigest()
    return Plan(people=people, units=unit_ops, preview=preview, counts=counts)
