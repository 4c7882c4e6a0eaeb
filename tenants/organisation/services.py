"""Writes to a municipality's organisation tree and its employees' records.
Call with the connection set to that municipality (a request on its host, a
TenantTask, or tenant_context): HR's pages, the spreadsheet import and SCIM
provisioning all write through here, each naming its actor, each change
audited in the municipality's schema (the accounts' own changes in public)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import MUNICIPAL_ROLES, Role, User
from accounts.services import (
    roles_set,
    user_create,
    user_deactivate,
    user_identity_set,
    user_reactivate,
)
from accounts.tasks import send_invitation
from audit.services import audit_record_local
from tenants.organisation.models import EmployeeProfile, Unit, UnitKind
from vocabulary.models import Profession


def _here():
    """The municipality whose schema the connection is set to."""
    tenant = getattr(connection, "tenant", None)
    if not hasattr(tenant, "code"):
        raise RuntimeError("Organisation services run in a municipality's schema.")
    return tenant


# --- Units --------------------------------------------------------------------


@transaction.atomic
def unit_ensure(
    *, actor: User | None, kind: str, name: str, parent: Unit | None = None, address: str = ""
) -> Unit:
    """Create the unit, or return the existing one with this name under
    ``parent``. Provisioning, the demo and the import call it."""
    existing = Unit.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    return unit_create(actor=actor, kind=kind, name=name, parent=parent, address=address)


def _location_errors(latitude, longitude) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = [
            _("Give both latitude and longitude, or neither.")
        ]
    if latitude is not None and not Decimal(-90) <= Decimal(latitude) <= Decimal(90):
        errors["latitude"] = [_("A latitude is between -90 and 90.")]
    if longitude is not None and not Decimal(-180) <= Decimal(longitude) <= Decimal(180):
        errors["longitude"] = [_("A longitude is between -180 and 180.")]
    return errors


def _clean(unit: Unit) -> None:
    """The unit's field rules and its place in the tree (Unit.clean), each
    said next to its field; the database's constraints say the same again."""
    errors: dict[str, list[str]] = {}
    try:
        unit.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    if (
        unit.name
        and "name" not in errors
        and Unit.objects.filter(parent=unit.parent, name=unit.name).exclude(pk=unit.pk).exists()
    ):
        errors["name"] = [
            _("%(parent)s already has a unit called %(name)s.")
            % {"parent": unit.parent.name, "name": unit.name}
            if unit.parent is not None
            else _("There is already an administration called %(name)s.") % {"name": unit.name}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    kind: str,
    name: str,
    parent: Unit | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Unit:
    """HR adds an administration, a department under an administration or a
    workplace under a department."""
    _here()
    if errors := _location_errors(latitude, longitude):
        raise ValidationError(errors)
    if parent is not None and parent.closed_at is not None:
        raise ValidationError({"parent": _("That unit is closed.")})
    unit = Unit(
        kind=kind,
        name=(name or "").strip(),
        parent=parent,
        address=(address or "").strip(),
        latitude=latitude,
        longitude=longitude,
    )
    _clean(unit)
    unit.save()
    audit_record_local(actor=actor, action="unit.created", target=unit, data={"kind": kind})
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    parent: Unit | None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Unit:
    """HR renames a unit, moves it under another parent of the right kind,
    or changes its address and place."""
    _here()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if errors := _location_errors(latitude, longitude):
        raise ValidationError(errors)
    if parent is not None and (parent.pk == unit.pk or parent.closed_at is not None):
        raise ValidationError({"parent": _("Choose another unit.")})
    before = (unit.name, unit.parent_id, unit.address, unit.latitude, unit.longitude)
    unit.name = (name or "").strip()
    unit.parent = parent
    unit.address = (address or "").strip()
    unit.latitude, unit.longitude = latitude, longitude
    if before == (unit.name, unit.parent_id, unit.address, unit.latitude, unit.longitude):
        return unit
    _clean(unit)
    unit.save()
    audit_record_local(
        actor=actor,
        action="unit.moved" if before[1] != unit.parent_id else "unit.changed",
        target=unit,
    )
    return unit


@transaction.atomic
def unit_leader_set(*, actor: User | None, unit: Unit, leader: EmployeeProfile | None) -> Unit:
    """HR names who leads the unit (or no one). The leader must hold the
    leader role and be active; at a workplace, they approve swaps into it."""
    _here()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if leader is not None:
        user = User.objects.filter(pk=leader.user_id).first()
        if user is None or not user.is_active or not user.has_role(Role.LEADER):
            raise ValidationError({"leader": _("Choose an active employee with the leader role.")})
    if unit.leader_id == getattr(leader, "pk", None):
        return unit
    unit.leader = leader
    unit.save(update_fields=["leader", "updated_at"])
    audit_record_local(
        actor=actor,
        action="unit.leader_set",
        target=unit,
        data={"leader": getattr(leader, "pk", None)},
    )
    return unit


@transaction.atomic
def unit_close(*, actor: User | None, unit: Unit) -> Unit:
    """HR closes a unit that is no longer used: it keeps its records (swaps
    and openings refer to it, and so do the records of those who left) but
    takes no one new. Only an empty unit — no active employees, no open
    units under it — can be closed."""
    _here()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.closed_at is not None:
        return unit
    # Those who have left keep their record at the unit (a closed unit keeps
    # its records); only the active ones must move first.
    staying = EmployeeProfile.objects.filter(workplace=unit, user__is_active=True).count()
    if staying:
        raise ValidationError(
            ngettext(
                "%(n)s employee works here. Move them to another workplace first.",
                "%(n)s employees work here. Move them to another workplace first.",
                staying,
            )
            % {"n": staying}
        )
    open_below = unit.children.filter(closed_at__isnull=True).count()
    if open_below:
        raise ValidationError(
            ngettext(
                "%(n)s unit under it is open. Close it or move it first.",
                "%(n)s units under it are open. Close them or move them first.",
                open_below,
            )
            % {"n": open_below}
        )
    unit.closed_at = timezone.now()
    unit.save(update_fields=["closed_at", "updated_at"])
    audit_record_local(actor=actor, action="unit.closed", target=unit)
    return unit


# --- Employees ------------------------------------------------------------------


@dataclass(frozen=True)
class JobData:
    """The job part of an employee's record; every field may be empty until
    it is known (an employee has a job once profession and workplace are
    given)."""

    job_title: str = ""
    profession: Profession | None = None
    workplace: Unit | None = None
    leader: EmployeeProfile | None = None
    external_id: str = ""


def _job_errors(profile: EmployeeProfile, job: JobData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if job.workplace is not None:
        if job.workplace.kind != UnitKind.WORKPLACE:
            errors["workplace"] = [_("Choose a workplace, not a department.")]
        elif job.workplace.closed_at is not None and job.workplace.pk != profile.workplace_id:
            errors["workplace"] = [_("That workplace is closed.")]
    if job.leader is not None and leader_chain_has(job.leader, profile):
        errors["leader"] = [
            _("%(name)s cannot lead someone they report to, directly or further up.")
            % {"name": _name_of(job.leader)}
        ]
    external_id = job.external_id.strip()
    if (
        external_id
        and EmployeeProfile.objects.filter(external_id=external_id).exclude(pk=profile.pk).exists()
    ):
        errors["external_id"] = [_("Another employee has this id.")]
    return errors


def _name_of(profile: EmployeeProfile) -> str:
    user = User.objects.filter(pk=profile.user_id).first()
    return user.full_name if user else str(profile)


def leader_chain_has(leader: EmployeeProfile, profile: EmployeeProfile) -> bool:
    """Whether ``profile`` is ``leader`` or one of ``leader``'s leaders (so
    making ``leader`` lead ``profile`` would close a cycle)."""
    if profile.pk is None:
        return False
    seen: set[int] = set()
    current: EmployeeProfile | None = leader
    while current is not None and current.pk not in seen:
        if current.pk == profile.pk:
            return True
        seen.add(current.pk)
        current = current.leader
    return False


def _apply_job(profile: EmployeeProfile, job: JobData) -> list[str]:
    """Set the job fields; returns the names of those that changed."""
    values = {
        "job_title": job.job_title.strip(),
        "profession_id": getattr(job.profession, "pk", None),
        "workplace_id": getattr(job.workplace, "pk", None),
        "leader_id": getattr(job.leader, "pk", None),
        "external_id": job.external_id.strip(),
    }
    changed = [field for field, value in values.items() if getattr(profile, field) != value]
    for field, value in values.items():
        setattr(profile, field, value)
    return changed


@transaction.atomic
def employee_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    roles: Iterable[str],
    job: JobData,
    invite: bool = True,
) -> EmployeeProfile:
    """HR (or the import, or the identity system) adds an employee of this
    municipality: their account (public: e-mail, name, roles) and their
    record here. Invited by mail to choose a password unless ``invite`` is
    off (single sign-on, or the import asks for it later)."""
    municipality = _here()
    roles = set(roles)
    profile = EmployeeProfile()
    if errors := _job_errors(profile, job):
        raise ValidationError(errors)
    user = user_create(
        actor=actor,
        email=email,
        full_name=(full_name or "").strip(),
        roles=roles,
        municipality=municipality,
    )
    profile.user_id = user.pk
    _apply_job(profile, job)
    profile.full_clean()
    profile.save()
    audit_record_local(
        actor=actor, action="employee.created", target=profile, data={"roles": sorted(roles)}
    )
    if invite:
        transaction.on_commit(
            lambda: send_invitation.apply_async(
                kwargs={"user_id": user.pk}, municipality=municipality
            )
        )
    return profile


@transaction.atomic
def employee_update(
    *,
    actor: User | None,
    profile: EmployeeProfile,
    email: str,
    full_name: str,
    roles: Iterable[str],
    job: JobData,
) -> EmployeeProfile:
    """HR (or the import, or the identity system) changes an employee: their
    account (e-mail, name, roles) and their job. A new workplace or leader is
    a move, audited as such. Every change — the account's too — is recorded
    in the municipality's trail and moves the record's ``updated_at`` (what
    partner systems ask for with ``updated_since``)."""
    _here()
    profile = EmployeeProfile.objects.select_for_update().get(pk=profile.pk)
    user = User.objects.select_for_update().get(pk=profile.user_id)
    if errors := _job_errors(profile, job):
        raise ValidationError(errors)
    roles = set(roles)
    held = set(user.memberships.values_list("role", flat=True))
    before = (user.email, user.full_name)
    user_identity_set(actor=actor, user=user, email=email, full_name=full_name)
    roles_set(actor=actor, user=user, roles=roles)
    changed = _apply_job(profile, job)
    account = [
        field
        for field, old, new in (
            ("email", before[0], user.email),
            ("full_name", before[1], user.full_name),
            ("roles", held, roles),
        )
        if old != new
    ]
    if not changed and not account:
        return profile
    profile.full_clean()
    profile.save()
    if "full_name" in account:
        # The units this person leads show their name to partner systems.
        Unit.objects.filter(leader=profile).update(updated_at=timezone.now())
    data: dict = {"fields": sorted(changed + account)}
    if "roles" in account:
        data["roles"] = sorted(roles)
    audit_record_local(
        actor=actor,
        action="employee.moved"
        if {"workplace_id", "leader_id"} & set(changed)
        else "employee.changed",
        target=profile,
        data=data,
    )
    return profile


@transaction.atomic
def employee_record_create(*, actor: User | None, user: User, job: JobData) -> EmployeeProfile:
    """HR registers the record of an account of this municipality that has
    none yet (one made before its record: by an operator, or before HR's
    pages existed). The account's e-mail, name and roles stay as they are."""
    municipality = _here()
    if user.municipality_id != municipality.pk:
        raise ValueError("The account belongs to another municipality.")
    if EmployeeProfile.objects.filter(user_id=user.pk).exists():
        raise ValidationError(_("The employee already has a record."))
    profile = EmployeeProfile(user_id=user.pk)
    if errors := _job_errors(profile, job):
        raise ValidationError(errors)
    _apply_job(profile, job)
    profile.full_clean()
    profile.save()
    audit_record_local(actor=actor, action="employee.recorded", target=profile)
    return profile


@transaction.atomic
def employee_deactivate(*, actor: User | None, profile: EmployeeProfile, reason: str) -> User:
    """An employee leaves: they can no longer sign in; their open
    applications, swap requests and nominations are withdrawn with
    ``reason`` and the other parties told (the domains do that, see
    accounts.hooks); swaps under way and every record stay with the
    municipality. Safe to call twice."""
    _here()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why, so the others can be told.")]})
    user = User.objects.select_for_update().get(pk=profile.user_id)
    was_active = user.is_active
    user_deactivate(actor=actor, user=user, reason=reason)
    if was_active:
        profile.save(update_fields=["updated_at"])
        audit_record_local(
            actor=actor, action="employee.deactivated", target=profile, data={"reason": reason}
        )
    return user


@transaction.atomic
def employee_reactivate(*, actor: User | None, profile: EmployeeProfile) -> User:
    """A former employee comes back (or was deactivated by mistake)."""
    _here()
    user = User.objects.select_for_update().get(pk=profile.user_id)
    if not user.is_active:
        user_reactivate(actor=actor, user=user)
        profile.save(update_fields=["updated_at"])
        audit_record_local(actor=actor, action="employee.reactivated", target=profile)
    return user


@transaction.atomic
def employee_profile_set(
    *,
    actor: User | None,
    user: User,
    profession: Profession,
    job_title: str,
    workplace: Unit,
    leader: EmployeeProfile | None,
) -> EmployeeProfile:
    """Create or update the job of an existing account of this municipality
    (the demo seed and tests; HR's pages use employee_create/update)."""
    if user.municipality_id != _here().pk:
        raise ValueError("The account belongs to another municipality.")
    profile = EmployeeProfile.objects.filter(user_id=user.pk).first() or EmployeeProfile(
        user_id=user.pk
    )
    job = JobData(
        job_title=job_title,
        profession=profession,
        workplace=workplace,
        leader=leader,
        external_id=profile.external_id,
    )
    created = profile.pk is None
    changed = _apply_job(profile, job)
    if not created and not changed:
        return profile
    profile.full_clean()
    profile.save()
    audit_record_local(
        actor=actor,
        action="employee_profile.created" if created else "employee_profile.changed",
        target=profile,
    )
    return profile


def municipal_roles() -> list[str]:
    """The roles an employee of a municipality may hold, in a fixed order."""
    return sorted(MUNICIPAL_ROLES)
