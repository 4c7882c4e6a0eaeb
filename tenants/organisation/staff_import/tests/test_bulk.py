"""The import's bulk writes give the same result as the per-row services
(employee_create, employee_update, employee_deactivate, …) person by
person: the same accounts, roles, records, units and per-person audit
events. Both are run on the same plan, each in a savepoint rolled back
after its state is taken."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import User
from accounts.services import user_deactivate
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import (
    JobData,
    employee_create,
    employee_deactivate,
    employee_reactivate,
    employee_update,
)
from tenants.organisation.staff_import.bulk import _Units, _units_apply, staff_bulk_apply
from tenants.organisation.staff_import.plan import plan_rows
from tenants.organisation.staff_import.reading import read_table
from tenants.organisation.staff_import.tests.helpers import (
    JOB,
    csv_file,
    organisation_state,
    person,
)
from vocabulary.models import Profession

NEW = ("Sundhed", "Hjemmeplejen", "Distrikt Nord")
REASON = "Fratrådt"


def _file() -> bytes:
    return (
        csv_file(
            # New people: a leader and her team in new units, one led by a
            # registered leader, one named by number.
            person(
                "mette@vejle.example",
                "Mette Holm",
                "900",
                "Leder",
                "manager",
                NEW,
                "",
                "medarbejder, leder",
            ),
            person("sofie@vejle.example", "Sofie Dal", "901", "Sygeplejerske", "nurse", NEW, "900"),
            person(
                "ole@vejle.example",
                "Ole Bak",
                "902",
                "Jobkonsulent",
                "Jobkonsulent",
                JOB,
                "leader@vejle.example",
                "medarbejder, coach",
            ),
            # Registered people: a move to a new leader and a new title, new
            # roles and name, a leaver.
            person(
                "employee@vejle.example",
                "Medarbejder V.",
                "",
                "Seniorkonsulent",
                "",
                NEW,
                "mette@vejle.example",
            ),
            person(
                "leader@vejle.example",
                "",
                "903",
                "",
                "",
                ("", "", ""),
                "",
                "medarbejder, leder, coach",
            ),
            person("hr@vejle.example", left=""),
        )
        + b"coach@vejle.example;;;;;;;;;;ja\r\n"
    )


def _plan(world):
    table = read_table(_file(), "f.csv")
    return plan_rows(
        table.rows,
        actor=world.vejle.hr,
        municipality=world.vejle.municipality,
        today=timezone.localdate(),
    )


def _per_row(world, plan) -> None:
    """The same plan, through the per-row services."""
    actor = world.vejle.hr
    # The units go through the per-row services in the bulk path too.
    units = _units_apply(actor, plan, _Units())
    professions = Profession.objects.in_bulk()
    created = {}

    def job(p):
        leader = None
        if p.leader is not None:
            leader = (
                EmployeeProfile.objects.get(pk=p.leader[1])
                if p.leader[0] == "p"
                else created[p.leader]
            )
        workplace = None
        if p.workplace is not None:
            workplace = (
                Unit.objects.get(pk=p.workplace[1])
                if p.workplace[0] == "u"
                else units.find(p.workplace[1])
            )
        return JobData(
            p.job_title, professions.get(p.profession_id), workplace, leader, p.external_id
        )

    pending = [p for p in plan.people if p.action == "create"]
    while pending:  # leaders first, as HR typing them in would
        ready = [
            p for p in pending if p.leader is None or p.leader[0] == "p" or p.leader in created
        ]
        for p in ready:
            created[p.key] = employee_create(
                actor=actor,
                email=p.email,
                full_name=p.full_name,
                roles=p.roles,
                job=job(p),
                invite=False,
            )
        pending = [p for p in pending if p.key not in created]
    for p in plan.people:
        if p.action in ("change", "reactivate"):
            profile = EmployeeProfile.objects.get(pk=p.profile_id)
            if p.reactivate:
                employee_reactivate(actor=actor, profile=profile)
            employee_update(
                actor=actor,
                profile=profile,
                email=p.email,
                full_name=p.full_name,
                roles=p.roles,
                job=job(p),
            )
        if p.deactivate and p.profile_id is None:
            user_deactivate(actor=actor, user=User.objects.get(pk=p.user_id), reason=REASON)
        elif p.deactivate:
            employee_deactivate(
                actor=actor, profile=EmployeeProfile.objects.get(pk=p.profile_id), reason=REASON
            )


def _events(since) -> Counter:
    """The audit events since ``since`` by natural keys (ids differ)."""
    emails = dict(User.objects.values_list("pk", "email"))
    profiles = dict(EmployeeProfile.objects.values_list("pk", "user_id"))
    units = dict(Unit.objects.values_list("pk", "name"))

    def target(event):
        if event.target_type == "accounts.user":
            return emails.get(int(event.target_id))
        if event.target_type == "organisation.employeeprofile":
            return emails.get(profiles.get(int(event.target_id)))
        return units.get(int(event.target_id))

    found = Counter()
    for schema in ("public", "k630"):
        with schema_context(schema):
            for event in AuditEvent.objects.filter(occurred_at__gte=since):
                data = {k: v for k, v in event.data.items() if k != "at"}
                found[
                    (
                        schema,
                        event.action,
                        event.actor_label,
                        target(event),
                        repr(sorted(data.items())),
                    )
                ] += 1
    return found


def _outcome(world, apply) -> tuple:
    vejle = world.vejle.municipality
    since = timezone.now()
    with tenant_context(vejle), transaction.atomic():
        apply()
        with tenant_context(vejle):
            events = _events(since)
        state = organisation_state(vejle)
        transaction.set_rollback(True)
    return state, events


def test_bulk_and_per_row_give_the_same_result(world):
    vejle = world.vejle.municipality
    with tenant_context(vejle):
        plan = _plan(world)
    assert {p.email: p.action for p in plan.people} == {
        "mette@vejle.example": "create",
        "sofie@vejle.example": "create",
        "ole@vejle.example": "create",
        "employee@vejle.example": "change",
        "leader@vejle.example": "change",
        "hr@vejle.example": "unchanged",
        "coach@vejle.example": "deactivate",  # an account without a record
    }
    before = organisation_state(vejle)
    bulk_state, bulk_events = _outcome(
        world, lambda: staff_bulk_apply(actor=world.vejle.hr, plan=_plan(world), reason=REASON)
    )
    row_state, row_events = _outcome(world, lambda: _per_row(world, _plan(world)))
    assert bulk_state == row_state
    assert bulk_events == row_events
    assert bulk_state != before
    assert bulk_state["profiles"]["employee@vejle.example"] == (
        "Seniorkonsulent",
        "jobcentre-caseworker",
        "Sundhed › Hjemmeplejen › Distrikt Nord",
        "mette@vejle.example",
        "",
    )
    assert bulk_state["users"]["coach@vejle.example"][1] is False
    # 3 units, 3 accounts and 3 records created, a move, a new name, a
    # role granted, a new number, a leaver.
    assert sum(bulk_events.values()) == 14
    assert organisation_state(vejle) == before  # both rolled back
