"""Writes to a municipality's organisation tree and employee profiles. Call
with the connection set to that municipality (a request on its host, a
TenantTask, or tenant_context)."""

from django.db import connection, transaction

from accounts.models import User
from audit.services import audit_record_local
from tenants.organisation.models import EmployeeProfile, Unit


@transaction.atomic
def unit_ensure(
    *, actor: User | None, kind: str, name: str, parent: Unit | None = None, address: str = ""
) -> Unit:
    """Create the unit, or return the existing one with this name under
    ``parent``. HR of the municipality and provisioning call it."""
    existing = Unit.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    unit = Unit(kind=kind, name=name, parent=parent, address=address)
    unit.full_clean()
    unit.save()
    audit_record_local(actor=actor, action="unit.created", target=unit, data={"kind": kind})
    return unit


@transaction.atomic
def employee_profile_set(
    *,
    actor: User | None,
    user,
    profession,
    job_title: str,
    workplace: Unit,
    leader: EmployeeProfile | None,
) -> EmployeeProfile:
    """Create or update the employee profile of ``user`` (an account of this
    municipality). HR of the municipality calls it."""
    if user.municipality_id != getattr(connection.tenant, "pk", None):
        raise ValueError("The account belongs to another municipality.")
    profile = EmployeeProfile.objects.filter(user=user).first() or EmployeeProfile(user=user)
    before = (profile.profession_id, profile.job_title, profile.workplace_id, profile.leader_id)
    profile.profession = profession
    profile.job_title = job_title
    profile.workplace = workplace
    profile.leader = leader
    after = (profile.profession_id, profile.job_title, profile.workplace_id, profile.leader_id)
    if profile.pk and before == after:
        return profile
    profile.full_clean()
    created = profile.pk is None
    profile.save()
    audit_record_local(
        actor=actor,
        action="employee_profile.created" if created else "employee_profile.changed",
        target=profile,
    )
    return profile
