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

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Q
from django.utils.translation import gettext_noop as N_

from accounts.models import Membership, Role, User
from tenants.organisation.models import EmployeeProfile
from tenants.organisation.staff_import.columns import (
    ROLE_NAMES,
    CellError,
    parse_left,
    parse_roles,
)
from tenants.organisation.staff_import.units import (
    Tree,
    UnitOp,
    msg,
    norm,
    place_of,
    places_settle,
    text_of,
    tree_missing,
)
from vocabulary.models import Profession

LIMITS = {"email": 254, "name": 150, "job_title": 160, "external_id": 200, "address": 200}
UNIT_NAME_LIMIT = 160
PATH_KEYS = ("administration", "department", "workplace")
_email_valid = EmailValidator()


def normalise_email(value: str) -> str:
    # As accounts.services.user_create stores it.
    return User.objects.normalize_email(value or "").strip().lower()


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


def plan_rows(rows: list[dict], *, actor: User, municipality, today: date) -> Plan:
    """The plan for ``rows`` (as reading.read_table gives them)."""
    tree = Tree()
    professions = {}
    for profession in Profession.objects.all():
        for name in (profession.code, profession.name_da, profession.name_en):
            professions[norm(name)] = profession
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
    file_emails = {normalise_email(text_of(r, "email")) for r in rows} - {""}
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
    email = normalise_email(text_of(row, "email"))
    person = PersonOp(
        line=row["line"], key=("r", row["line"]), email=email, full_name=text_of(row, "name")
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
        person.email = text_of(row, "email")
        person.problems.append(
            msg(N_("%(value)s is not an e-mail address."), value=text_of(row, "email"))
        )
        return person
    external_id = text_of(row, "external_id")
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
            lambda p, r: text_of(r, "external_id"),
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
            if len(text_of(row, key)) > LIMITS[key]:
                person.problems.append(
                    msg(
                        N_("%(column)s is longer than %(limit)s characters."),
                        column=key,
                        limit=LIMITS[key],
                    )
                )
        person.full_name = text_of(row, "name") or user.get("full_name", "")
        person.job_title = text_of(row, "job_title") or profile.get("job_title", "")
        person.external_id = text_of(row, "external_id") or profile.get("external_id", "")
        person.roles_now = set(roles.get(person.user_id, set()))
        person.active = user.get("is_active", True)
        person.profession_id = profile.get("profession_id")
        if text_of(row, "profession"):
            profession = professions.get(norm(text_of(row, "profession")))
            if profession is None:
                person.problems.append(
                    msg(N_("Unknown profession %(value)s."), value=text_of(row, "profession"))
                )
            else:
                person.profession_id = profession.pk
        try:
            given = parse_roles(text_of(row, "roles"))
            left, when = parse_left(text_of(row, "left"), today)
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
        names = tuple(text_of(row, key) for key in PATH_KEYS)
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
                path = tuple(norm(name) for name in names)
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
        place = place_of(person, row)
        if place is not None:
            if person.workplace is None:
                person.problems.append(
                    msg(N_("An address or place needs the workplace it belongs to."))
                )
            else:
                places[person.workplace].append((person, *place))
    places_settle(places, unit_ops, tree)
    return list(unit_ops.values())


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
        ref = text_of(row, "leader")
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


def _result(people: list[PersonOp], unit_ops: list[UnitOp], tree: Tree) -> Plan:
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
