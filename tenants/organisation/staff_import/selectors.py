"""Reads of staff imports, in the municipality's schema: an import's id
names a row of this schema only (another municipality's import with the
same id is another import)."""

from django.db import connection
from django.db.models import QuerySet

from accounts.models import Role, User
from config.posted import storable_id
from tenants.organisation.models import StaffImport


def _may_import(viewer: User) -> bool:
    municipality = getattr(connection, "tenant", None)
    return (
        hasattr(municipality, "code")
        and viewer.is_authenticated
        and viewer.municipality_id == municipality.pk
        and viewer.has_role(Role.HR)
    )


def staff_import_for_hr(*, viewer: User, staff_import_id: int) -> StaffImport:
    """The import with ``staff_import_id``, for HR of this municipality.
    Raises StaffImport.DoesNotExist alike for a missing import and for
    anyone else."""
    if not storable_id(staff_import_id) or not _may_import(viewer):
        raise StaffImport.DoesNotExist
    return StaffImport.objects.get(pk=staff_import_id)


def staff_imports_for_hr(*, viewer: User) -> QuerySet[StaffImport]:
    """This municipality's latest imports (HR only; none for anyone else)."""
    if not _may_import(viewer):
        return StaffImport.objects.none()
    return StaffImport.objects.defer("rows", "preview")[:20]


def may_import(viewer: User) -> bool:
    return _may_import(viewer)
