"""The municipality's trail of changes (its audit events, in its own schema)
in words for HR: who did what to which unit or employee — names, not codes
or ids. Read in the current schema."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import SYSTEM_LABEL
from tenants.organisation.models import EmployeeProfile, StaffImport, Unit

# What each action of the municipality's trail did, as a phrase after the
# actor's name; ``%(target)s`` is the unit's or employee's name.
ACTIONS = {
    "unit.created": gettext_lazy("added the unit %(target)s"),
    "unit.changed": gettext_lazy("changed the unit %(target)s"),
    "unit.moved": gettext_lazy("moved the unit %(target)s to another part of the organisation"),
    "unit.leader_set": gettext_lazy("named the leader of %(target)s"),
    "unit.closed": gettext_lazy("closed the unit %(target)s"),
    "employee.created": gettext_lazy("added the employee %(target)s"),
    "employee.recorded": gettext_lazy("registered the job of %(target)s"),
    "employee.changed": gettext_lazy("changed the details of %(target)s"),
    "employee.moved": gettext_lazy("moved %(target)s (new workplace or leader)"),
    "employee.deactivated": gettext_lazy("deactivated %(target)s"),
    "employee.reactivated": gettext_lazy("reactivated %(target)s"),
    "employee_profile.created": gettext_lazy("registered the job of %(target)s"),
    "employee_profile.changed": gettext_lazy("changed the job of %(target)s"),
    "invitation.sent": gettext_lazy("sent an invitation to %(target)s"),
    "staff_import.uploaded": gettext_lazy("uploaded the staff file %(target)s"),
    "staff_import.confirmed": gettext_lazy("confirmed the import of %(target)s"),
    "staff_import.applied": gettext_lazy("imported the staff file %(target)s"),
    "staff_import.cancelled": gettext_lazy("cancelled the import of %(target)s"),
    "action_note.added": gettext_lazy("added an action-learning note"),
    "checkin.answered": gettext_lazy("answered a follow-up check-in"),
    "journey.checklist_done": gettext_lazy("ticked off a checklist item of a swap"),
    "journey.coach_assigned": gettext_lazy("assigned a coach to a swap"),
    "journey.coach_talk": gettext_lazy("recorded a coach talk"),
    "journey.contact_added": gettext_lazy("added a contact to a network map"),
    "journey.goal_evaluated": gettext_lazy("evaluated the goals of a swap"),
    "journey.idea_added": gettext_lazy("added an idea to try at home"),
    "journey.idea_followed_up": gettext_lazy("followed up on an idea"),
    "journey.logbook_shared": gettext_lazy("shared a logbook entry"),
    "journey.logbook_written": gettext_lazy("wrote in a logbook"),
    "journey.period_changed": gettext_lazy("changed the period of a swap journey"),
    "journey.shared": gettext_lazy("shared what was learned"),
    "journey.sharing_planned": gettext_lazy("planned how to share what was learned"),
    "journey.started": gettext_lazy("started a swap journey"),
    "journey.target_set": gettext_lazy("set the target number of swaps"),
    "journey.template_item_added": gettext_lazy("added an item to the checklist"),
    "journey.template_item_removed": gettext_lazy("removed an item from the checklist"),
    "pool.budget_set": gettext_lazy("set the wage-compensation budget"),
    "saved_search.created": gettext_lazy("saved a search"),
    "saved_search.stopped": gettext_lazy("stopped a saved search"),
    "support_task.added": gettext_lazy("added an implementation support task"),
    "support_task.done": gettext_lazy("completed an implementation support task"),
    "swap.med_acknowledged": gettext_lazy("acknowledged a swap for MED"),
    "swap.leader_approved": gettext_lazy("approved a swap"),
    "swap.leader_declined": gettext_lazy("declined a swap"),
    "wage_claim.applied": gettext_lazy("applied for wage compensation"),
    "wage_claim.use_recorded": gettext_lazy("recorded the use of wage compensation"),
    "wage_claim.withdrawn": gettext_lazy("withdrew a claim for wage compensation"),
    "wage_claim.granted": gettext_lazy("granted wage compensation"),
    "wage_claim.declined": gettext_lazy("declined wage compensation"),
}

# The fields of an employee a change names.
FIELDS = {
    "email": gettext_lazy("e-mail"),
    "full_name": gettext_lazy("name"),
    "roles": gettext_lazy("roles"),
    "job_title": gettext_lazy("job title"),
    "profession_id": gettext_lazy("profession"),
    "workplace_id": gettext_lazy("workplace"),
    "leader_id": gettext_lazy("leader"),
    "external_id": gettext_lazy("external id"),
}


@dataclass
class Change:
    occurred_at: datetime
    who: str
    what: str
    detail: str


def _actor_names(events) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))


def _who(event: AuditEvent, names: dict[int, str]) -> str:
    if event.actor_id:
        return names.get(event.actor_id) or event.actor_label
    if event.actor_label == SYSTEM_LABEL:
        return _("The platform")
    # A partner system: "api-client:<key id> (<name>)".
    name = event.actor_label.partition(" (")[2].rstrip(")") or event.actor_label
    return _("%(name)s (partner system)") % {"name": name}


def _targets(events) -> dict[tuple[str, str], str]:
    """The names of the units and employees the events are about."""
    ids: dict[str, set[int]] = {}
    for event in events:
        if event.target_id.isdigit():
            ids.setdefault(event.target_type, set()).add(int(event.target_id))
    names: dict[tuple[str, str], str] = {}
    for pk, name in Unit.objects.filter(pk__in=ids.get("organisation.unit", ())).values_list(
        "pk", "name"
    ):
        names[("organisation.unit", str(pk))] = name
    for pk, name in EmployeeProfile.objects.filter(
        pk__in=ids.get("organisation.employeeprofile", ())
    ).values_list("pk", "user__full_name"):
        names[("organisation.employeeprofile", str(pk))] = name
    for pk, name in User.objects.filter(pk__in=ids.get("accounts.user", ())).values_list(
        "pk", "full_name"
    ):
        names[("accounts.user", str(pk))] = name
    for pk, name in StaffImport.objects.filter(
        pk__in=ids.get("organisation.staffimport", ())
    ).values_list("pk", "filename"):
        names[("organisation.staffimport", str(pk))] = name
    return names


# The counts an applied import records, in words.
IMPORT_COUNTS = {
    "create": gettext_lazy("%(n)s created"),
    "change": gettext_lazy("%(n)s changed"),
    "deactivate": gettext_lazy("%(n)s deactivated"),
    "reactivate": gettext_lazy("%(n)s reactivated"),
    "unchanged": gettext_lazy("%(n)s unchanged"),
    "units_created": gettext_lazy("%(n)s units created"),
}


def _detail(event: AuditEvent) -> str:
    data = event.data or {}
    if event.action == "employee.deactivated" and data.get("reason"):
        return _("Reason: %(reason)s") % {"reason": data["reason"]}
    if event.action in ("employee.changed", "employee.moved") and data.get("fields"):
        parts = [str(FIELDS.get(f, f)) for f in data["fields"]]
        text = _("Changed: %(fields)s") % {"fields": ", ".join(parts)}
        if "roles" in data:
            roles = dict(Role.choices)
            held = ", ".join(str(roles.get(r, r)) for r in data["roles"]) or _("none")
            text += " · " + _("Roles now: %(roles)s") % {"roles": held}
        return text
    if event.action == "staff_import.applied":
        return ", ".join(
            str(phrase) % {"n": data[key]} for key, phrase in IMPORT_COUNTS.items() if key in data
        )
    return ""


def in_words(events) -> list[Change]:
    """``events`` (of the current schema) as sentences: who, what, and a
    detail where one helps (a reason, the fields changed)."""
    events = list(events)
    names = _actor_names(events)
    targets = _targets(events)
    changes = []
    for event in events:
        phrase = ACTIONS.get(event.action)
        target = targets.get((event.target_type, event.target_id), _("(no longer there)"))
        what = str(phrase) % {"target": target} if phrase else _("made a change")
        changes.append(Change(event.occurred_at, _who(event, names), what, _detail(event)))
    return changes
