"""The staff import's writes, in bulk: what employee_create and
employee_update (tenants.organisation.services) and the account services
below them do for one person, done for thousands with one statement per
kind of row (the per-person services take a dozen queries each, which for
10,000 people is minutes, not seconds). The result is the same as calling
those services person by person — the accounts, roles, records and the
per-person audit events — which tenants/organisation/staff_import/tests/
test_bulk.py proves by doing both. Units (a few hundred at most) and
leavers and returners (whose withdrawals the domains must follow, see
accounts.hooks) still go through the per-row services."""

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import Membership, User
from accounts.services import user_deactivate
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, Unit, UnitKind
from tenants.organisation.services import (
    employee_deactivate,
    employee_reactivate,
    unit_create,
    unit_update,
)
from tenants.organisation.staff_import.plan import PersonOp, Plan, norm

BATCH = 2000
KINDS = (UnitKind.ADMINISTRATION, UnitKind.DEPARTMENT, UnitKind.WORKPLACE)
# The names employee_update audits a changed job field under.
AUDIT_FIELD = {
    "job_title": "job_title",
    "profession_id": "profession_id",
    "workplace": "workplace_id",
    "leader": "leader_id",
    "external_id": "external_id",
}


def _event(actor: User | None, action: str, target, municipality=None, data=None) -> AuditEvent:
    """An audit event as audit.services records it (unsaved)."""
    return AuditEvent(
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        municipality=municipality,
        data=data or {},
    )


class _Units:
    """The tree by normalised names, growing as units are created."""

    def __init__(self):
        self.index = {(u.parent_id, norm(u.name)): u for u in Unit.objects.order_by("pk")}

    def find(self, path) -> Unit | None:
        parent, unit = None, None
        for name in path:
            unit = self.index.get((parent, name))
            if unit is None:
                return None
            parent = unit.pk
        return unit

    def add(self, unit: Unit) -> None:
        self.index[(unit.parent_id, norm(unit.name))] = unit


@transaction.atomic
def staff_bulk_apply(*, actor: User, plan: Plan, reason: str) -> dict:
    """Apply ``plan`` (plan.plan_rows, with no refused row) in one
    transaction. Only the staff import calls it. Returns the ids of the
    accounts created (for the invitations)."""
    municipality = connection.tenant
    if not hasattr(municipality, "code"):
        raise RuntimeError("The staff import runs in a municipality's schema.")
    if plan.refused:
        raise ValueError("A plan with refused rows is not applied.")
    now = timezone.now()
    units = _units_apply(actor, plan, _Units())
    people = [p for p in plan.people if p.action in ("create", "change", "reactivate")]
    public_events: list[AuditEvent] = []
    local_events: list[AuditEvent] = []

    new_users = _users_create(actor, municipality, people, public_events)
    profiles = _profiles_create(actor, people, units, local_events)
    _users_change(actor, municipality, people, public_events)
    _roles_change(actor, municipality, people, {u.pk for u in new_users}, public_events)
    _profiles_change(actor, people, units, profiles, now, local_events)

    with schema_context(get_public_schema_name()):
        AuditEvent.objects.bulk_create(public_events, batch_size=BATCH)
    AuditEvent.objects.bulk_create(local_events, batch_size=BATCH)

    by_id = EmployeeProfile.objects.in_bulk(
        [p.profile_id for p in plan.people if p.deactivate or p.reactivate]
    )
    for person in plan.people:
        if person.reactivate:
            employee_reactivate(actor=actor, profile=by_id[person.profile_id])
        if person.deactivate and person.profile_id is None:
            # An account of this municipality that never got a record.
            user_deactivate(actor=actor, user=User.objects.get(pk=person.user_id), reason=reason)
        elif person.deactivate:
            employee_deactivate(actor=actor, profile=by_id[person.profile_id], reason=reason)
    return {"created_user_ids": [user.pk for user in new_users]}


def _units_apply(actor, plan: Plan, units: _Units) -> _Units:
    for op in sorted(plan.units, key=lambda op: (op.unit_id is not None, len(op.path))):
        if op.unit_id is not None:
            unit = Unit.objects.select_related("parent").get(pk=op.unit_id)
            unit_update(
                actor=actor,
                unit=unit,
                name=unit.name,
                parent=unit.parent,
                address=op.address,
                latitude=op.latitude,
                longitude=op.longitude,
            )
            continue
        depth = len(op.path) - 1
        unit = unit_create(
            actor=actor,
            kind=KINDS[depth],
            name=op.names[-1],
            parent=units.find(op.path[:-1]) if depth else None,
            address=op.address if depth == 2 else "",
            latitude=op.latitude if depth == 2 else None,
            longitude=op.longitude if depth == 2 else None,
        )
        units.add(unit)
    return units


def _workplace_id(ref, units: _Units) -> int | None:
    if ref is None:
        return None
    return ref[1] if ref[0] == "u" else units.find(ref[1]).pk


def _users_create(actor, municipality, people: list[PersonOp], events) -> list[User]:
    """The accounts of people new to the platform (accounts.services.user_create)."""
    new = [p for p in people if p.action == "create" and p.user_id is None]
    users = []
    for person in new:
        user = User(email=person.email, full_name=person.full_name, municipality=municipality)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH)
    memberships = []
    for person, user in zip(new, users, strict=True):
        person.user_id = user.pk
        memberships.extend(Membership(user=user, role=role) for role in sorted(person.roles))
        events.append(
            _event(actor, "user.created", user, municipality, {"roles": sorted(person.roles)})
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return users


def _profiles_create(actor, people, units: _Units, events) -> dict[tuple, int]:
    """The records of people new here (employee_create), leaders before the
    people they lead, so each record is created with its leader (one insert
    per level of the leader chain)."""
    pending = [p for p in people if p.profile_id is None]
    created: dict[tuple, int] = {}
    while pending:
        ready = [
            p for p in pending if p.leader is None or p.leader[0] == "p" or p.leader in created
        ]
        if not ready:
            raise RuntimeError("The leader chain goes round; the plan should have refused it.")
        profiles = [
            EmployeeProfile(
                user_id=p.user_id,
                job_title=p.job_title,
                profession_id=p.profession_id,
                workplace_id=_workplace_id(p.workplace, units),
                leader_id=_leader_id(p.leader, created),
                external_id=p.external_id,
            )
            for p in ready
        ]
        EmployeeProfile.objects.bulk_create(profiles, batch_size=BATCH)
        for person, profile in zip(ready, profiles, strict=True):
            created[person.key] = profile.pk
            person.profile_id = profile.pk
            events.append(
                _event(actor, "employee.created", profile, data={"roles": sorted(person.roles)})
            )
        done = {p.key for p in ready}
        pending = [p for p in pending if p.key not in done]
    return created


def _users_change(actor, municipality, people, events) -> None:
    """E-mail and name (accounts.services.user_identity_set)."""
    changed = [p for p in people if p.user_fields]
    users = User.objects.in_bulk([p.user_id for p in changed])
    for person in changed:
        user = users[person.user_id]
        user.email, user.full_name = person.email, person.full_name
        events.append(
            _event(
                actor, "user.changed", user, municipality, {"fields": sorted(person.user_fields)}
            )
        )
    _rows_update(User, list(users.values()), ["email", "full_name"])


def _roles_change(actor, municipality, people, new_accounts: set, events) -> None:
    """Roles granted and revoked (accounts.services.roles_set); new accounts
    got theirs when they were created."""
    grant, revoke = [], defaultdict(list)
    for person in people:
        if person.user_id in new_accounts or person.roles == person.roles_now:
            continue
        user = User(pk=person.user_id)
        for role in sorted(person.roles - person.roles_now):
            grant.append(Membership(user_id=person.user_id, role=role))
            events.append(_event(actor, "membership.granted", user, municipality, {"role": role}))
        for role in sorted(person.roles_now - person.roles):
            revoke[role].append(person.user_id)
            events.append(_event(actor, "membership.revoked", user, municipality, {"role": role}))
    Membership.objects.bulk_create(grant, batch_size=BATCH)
    for role, user_ids in revoke.items():
        Membership.objects.filter(role=role, user_id__in=user_ids).delete()


def _profiles_change(actor, people, units: _Units, created: dict, now, events) -> None:
    """Job fields and leaders (employee_update), leaders of new records too."""
    people = [p for p in people if p.key not in created]
    profiles = EmployeeProfile.objects.in_bulk([p.profile_id for p in people])
    changed_ext = []
    touched = []
    led_renamed = []
    for person in people:
        profile = profiles[person.profile_id]
        leader_id = _leader_id(person.leader, created)
        values = {
            "job_title": person.job_title,
            "profession_id": person.profession_id,
            "workplace_id": _workplace_id(person.workplace, units),
            "leader_id": leader_id,
            "external_id": person.external_id,
        }
        fields = [name for name, value in values.items() if getattr(profile, name) != value]
        # The account's changes count too, as employee_update records them.
        account = [name for name in ("email", "full_name") if name in person.user_fields]
        if person.roles != person.roles_now:
            account.append("roles")
        if not fields and not account:
            continue
        if "external_id" in fields and profile.external_id:
            changed_ext.append(profile.pk)
        for name in fields:
            setattr(profile, name, values[name])
        profile.updated_at = now
        touched.append(profile)
        if "full_name" in account:
            led_renamed.append(profile.pk)
        moved = {"workplace_id", "leader_id"} & set(fields)
        data: dict = {"fields": sorted(fields + account)}
        if "roles" in account:
            data["roles"] = sorted(person.roles)
        events.append(
            _event(
                actor,
                "employee.moved" if moved else "employee.changed",
                profile,
                data=data,
            )
        )
    if changed_ext:
        # Numbers may move between people in one file: free them first.
        EmployeeProfile.objects.filter(pk__in=changed_ext).update(external_id="")
    _rows_update(
        EmployeeProfile,
        touched,
        ["job_title", "profession", "workplace", "leader", "external_id", "updated_at"],
    )
    if led_renamed:
        # The units these people lead show their name to partner systems.
        Unit.objects.filter(leader_id__in=led_renamed).update(updated_at=now)


def _leader_id(key, created: dict) -> int | None:
    if key is None:
        return None
    return key[1] if key[0] == "p" else created[key]


def _rows_update(model, objects: list, fields: list[str]) -> None:
    """UPDATE … FROM (VALUES …): the rows' new values in one statement per
    batch. (Django's bulk_update builds a CASE per field and row, which for
    10,000 rows takes a minute to compile.)"""
    if not objects:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    casts = [f"%s::{meta.pk.db_type(connection)}"] + [
        f"%s::{field.db_type(connection)}" for field in columns
    ]
    row = "(" + ", ".join(casts) + ")"
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    sets = ", ".join(
        f"{connection.ops.quote_name(field.column)} = v.{connection.ops.quote_name(field.column)}"
        for field in columns
    )
    table = connection.ops.quote_name(meta.db_table)
    pk = connection.ops.quote_name(meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), BATCH):
            batch = objects[start : start + BATCH]
            params = []
            for obj in batch:
                params.append(obj.pk)
                params.extend(
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in columns
                )
            # Names from the model's own metadata, values as parameters.
            sql = (
                f"UPDATE {table} AS t SET {sets} FROM (VALUES {', '.join([row] * len(batch))}) "  # noqa: S608
                f"AS v({pk}, {names}) WHERE t.{pk} = v.{pk}"
            )
            cursor.execute(sql, params)
