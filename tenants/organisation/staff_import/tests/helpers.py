"""Staff files and imports for the staff import's tests, run the way the
worker runs them (the tasks' bodies, in the municipality's schema)."""

import hashlib

from django_tenants.utils import tenant_context

from accounts.models import Membership, User
from tenants.organisation.models import EmployeeProfile, StaffImport, Unit
from tenants.organisation.staff_import.services import (
    staff_import_apply,
    staff_import_confirm,
    staff_import_read,
    staff_import_upload,
)
from tenants.organisation.staff_import.views import say

HEADER = (
    "e-mail;navn;medarbejdernummer;stillingsbetegnelse;fag;"
    "forvaltning;afdeling;arbejdsplads;leder;roller;fratrådt"
)


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def person(
    email,
    name="",
    number="",
    title="",
    profession="",
    path=("", "", ""),
    leader="",
    roles="",
    left="",
) -> str:
    return ";".join([email, name, number, title, profession, *path, leader, roles, left])


JOB = ("Beskæftigelse", "Jobcenter", "Jobafklaring")


def read(municipality, actor, content: bytes, filename="medarbejdere.csv") -> StaffImport:
    """Upload and read as the worker would; the import with its preview."""
    with tenant_context(municipality):
        staff_import = staff_import_upload(
            actor=actor,
            filename=filename,
            content=content,
            checksum=hashlib.sha256(content).hexdigest(),
        )
        staff_import_read(staff_import_id=staff_import.pk)
        staff_import.refresh_from_db()
    return staff_import


def apply(municipality, actor, staff_import, invite=False) -> StaffImport:
    with tenant_context(municipality):
        staff_import_confirm(actor=actor, staff_import=staff_import, invite=invite)
        staff_import_apply(staff_import_id=staff_import.pk)
        staff_import.refresh_from_db()
    return staff_import


def outcome(staff_import) -> dict[int, tuple]:
    """Row → (action, problems in Danish)."""
    return {
        row["line"]: (row["action"], [say(p) for p in row["problems"]])
        for row in staff_import.preview["rows"]
    }


def organisation_state(municipality):
    """Everything an import may change, by natural keys (ids differ between
    runs): accounts and roles, records, units."""
    with tenant_context(municipality):
        users = {
            u.email: (u.full_name, u.is_active, u.municipality_id)
            for u in User.objects.filter(municipality=municipality)
        }
        roles = sorted(
            Membership.objects.filter(user__municipality=municipality).values_list(
                "user__email", "role"
            )
        )
        emails = dict(User.objects.filter(municipality=municipality).values_list("pk", "email"))
        units = {u.pk: u for u in Unit.objects.all()}

        def path(unit_id):
            names, unit = [], units.get(unit_id)
            while unit is not None:
                names.append(unit.name)
                unit = units.get(unit.parent_id)
            return " › ".join(reversed(names))

        profiles = {}
        by_pk = {p.pk: p for p in EmployeeProfile.objects.select_related("profession")}
        for p in by_pk.values():
            profiles[emails.get(p.user_id)] = (
                p.job_title,
                p.profession.code if p.profession else None,
                path(p.workplace_id),
                emails.get(by_pk[p.leader_id].user_id) if p.leader_id else None,
                p.external_id,
            )
        tree = sorted(
            (path(u.pk), u.kind, u.address, u.latitude, u.longitude, u.closed_at)
            for u in units.values()
        )
    return {"users": users, "roles": roles, "profiles": profiles, "units": tree}
