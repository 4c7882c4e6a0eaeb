"""A staff import from upload to result. Call in the municipality's schema
(HR's request on its own site, or the TenantTask that carries it):

upload (HR) → read and check (worker) → preview → confirm (HR) → apply
(worker, all at once or not at all) → result.

A refused row stops the import: HR fixes the file and uploads it again
(applying only the good rows could leave someone without the leader the
file gives them, or half a team moved)."""

import json
import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from accounts.models import Role, User
from audit.services import audit_record_local
from config.celery import SCHEMA_KWARG
from config.celery import app as celery_app
from tenants.organisation.models import ImportStatus, StaffImport, StaffImportFile
from tenants.organisation.staff_import.bulk import staff_bulk_apply
from tenants.organisation.staff_import.plan import plan_rows
from tenants.organisation.staff_import.reading import FileRefused, read_table
from tenants.organisation.staff_import.units import msg

logger = logging.getLogger(__name__)
FAILED = N_(
    "Something went wrong, so nothing was applied. Try again, or ask the platform's operators."
)

# The worker's tasks (tenants.organisation.tasks), sent by name: they call
# this module, never the other way round.
READ_TASK = "tenants.organisation.tasks.staff_import_read"
APPLY_TASK = "tenants.organisation.tasks.staff_import_apply"
INVITE_TASK = "tenants.organisation.tasks.staff_import_invite"


def _send_after_commit(name: str, **kwargs) -> None:
    """Send a municipality task for this schema once the transaction commits."""
    kwargs[SCHEMA_KWARG] = connection.schema_name
    transaction.on_commit(lambda: celery_app.send_task(name, kwargs=kwargs))


def _hr_here(actor: User):
    municipality = getattr(connection, "tenant", None)
    if not hasattr(municipality, "code"):
        raise RuntimeError("The staff import runs in a municipality's schema.")
    if actor.municipality_id != municipality.pk or not actor.has_role(Role.HR):
        raise StaffImport.DoesNotExist
    return municipality


def _progress(staff_import_id: int, percent: float) -> None:
    StaffImport.objects.filter(pk=staff_import_id).update(progress=max(0, min(99, int(percent))))


@transaction.atomic
def staff_import_upload(
    *, actor: User, filename: str, content: bytes, checksum: str
) -> StaffImport:
    """HR of this municipality uploads a staff file; the worker reads and
    checks it (staff_import_read)."""
    _hr_here(actor)
    staff_import = StaffImport.objects.create(
        created_by=actor, filename=(filename or "")[:255], checksum=checksum
    )
    StaffImportFile.objects.create(staff_import=staff_import, content=content)
    audit_record_local(
        actor=actor,
        action="staff_import.uploaded",
        target=staff_import,
        data={"filename": staff_import.filename, "bytes": len(content)},
    )
    _send_after_commit(READ_TASK, staff_import_id=staff_import.pk)
    return staff_import


def staff_import_read(*, staff_import_id: int) -> None:
    """The worker reads the uploaded file and checks every row against the
    organisation, leaving the preview for HR. Safe to run twice: only an
    import still being read is read, and the file goes once it is."""
    try:
        _read(staff_import_id)
    except Exception:
        logger.exception("Staff import %s could not be read.", staff_import_id)
        StaffImport.objects.filter(pk=staff_import_id, status=ImportStatus.READING).update(
            status=ImportStatus.FAILED, error=json.dumps(msg(FAILED))
        )
        StaffImportFile.objects.filter(staff_import_id=staff_import_id).delete()


def _read(staff_import_id: int) -> None:
    staff_import = (
        StaffImport.objects.filter(pk=staff_import_id, status=ImportStatus.READING)
        .select_related("file")
        .first()
    )
    if staff_import is None or not hasattr(staff_import, "file"):
        return
    try:
        table = read_table(
            bytes(staff_import.file.content),
            staff_import.filename,
            progress=lambda done: _progress(staff_import.pk, 5 + 45 * done),
        )
    except FileRefused as refused:
        _finish_reading(
            staff_import, ImportStatus.REFUSED, error=msg(refused.message, **refused.params)
        )
        return
    _progress(staff_import.pk, 55)
    actor = User.objects.get(pk=staff_import.created_by_id)
    plan = plan_rows(
        table.rows, actor=actor, municipality=connection.tenant, today=timezone.localdate()
    )
    earlier = (
        StaffImport.objects.filter(checksum=staff_import.checksum, status=ImportStatus.APPLIED)
        .exclude(pk=staff_import.pk)
        .order_by("-applied_at")
        .first()
    )
    staff_import.rows = table.rows
    staff_import.preview = plan.preview | {
        "columns": table.columns,
        "ignored_columns": table.ignored,
        "format": table.format,
        "encoding": table.encoding,
        "same_file_applied_at": earlier.applied_at.isoformat() if earlier else None,
    }
    staff_import.counts = plan.counts
    _finish_reading(staff_import, ImportStatus.PREVIEW)


@transaction.atomic
def _finish_reading(staff_import: StaffImport, status: str, error: dict | None = None) -> None:
    staff_import.status = status
    staff_import.progress = 100
    staff_import.error = json.dumps(error) if error else ""
    staff_import.save()
    StaffImportFile.objects.filter(staff_import=staff_import).delete()


def nothing_to_do(staff_import: StaffImport) -> bool:
    counts = staff_import.counts or {}
    return not any(
        counts.get(key)
        for key in (
            "create",
            "change",
            "deactivate",
            "reactivate",
            "units_created",
            "units_changed",
        )
    )


@transaction.atomic
def staff_import_confirm(*, actor: User, staff_import: StaffImport, invite: bool) -> StaffImport:
    """HR confirms the preview; the worker applies it (staff_import_apply).
    ``invite``: mail the people created a link to choose a password (off
    where staff sign in through the municipality's own identity system)."""
    _hr_here(actor)
    staff_import = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
    if staff_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import is not waiting for a confirmation."))
    if staff_import.counts.get("refused"):
        raise ValidationError(
            _("Some rows are refused. Correct them in the file and upload it again.")
        )
    if nothing_to_do(staff_import):
        raise ValidationError(_("The file changes nothing, so there is nothing to apply."))
    staff_import.status = ImportStatus.APPLYING
    staff_import.progress = 0
    staff_import.applied_by = actor
    staff_import.error = ""
    staff_import.counts = staff_import.counts | {"invite": bool(invite)}
    staff_import.save()
    audit_record_local(
        actor=actor, action="staff_import.confirmed", target=staff_import, data={"invite": invite}
    )
    _send_after_commit(APPLY_TASK, staff_import_id=staff_import.pk)
    return staff_import


def staff_import_apply(*, staff_import_id: int) -> None:
    """The worker applies a confirmed import in one transaction: everything
    or, if anything fails, nothing. It checks the file again first; if the
    organisation has changed since HR saw the preview, nothing is applied
    and HR gets the new preview to confirm. Safe to run twice."""
    try:
        _apply(staff_import_id)
    except Exception:
        logger.exception("Staff import %s failed; nothing was applied.", staff_import_id)
        StaffImport.objects.filter(pk=staff_import_id, status=ImportStatus.APPLYING).update(
            status=ImportStatus.FAILED,
            error=json.dumps(msg(FAILED)),
        )


@transaction.atomic
def _apply(staff_import_id: int) -> None:
    # One import at a time per municipality.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"staff_import:{connection.schema_name}"]
        )
    staff_import = (
        StaffImport.objects.select_for_update()
        .filter(pk=staff_import_id, status=ImportStatus.APPLYING)
        .first()
    )
    if staff_import is None:
        return
    actor = User.objects.get(pk=staff_import.applied_by_id)
    plan = plan_rows(
        staff_import.rows, actor=actor, municipality=connection.tenant, today=timezone.localdate()
    )
    invite = staff_import.counts.get("invite", False)
    if plan.preview["signature"] != staff_import.preview.get("signature"):
        staff_import.preview = staff_import.preview | plan.preview
        staff_import.counts = plan.counts
        staff_import.status = ImportStatus.PREVIEW
        staff_import.error = json.dumps(
            msg(
                N_(
                    "The organisation changed after the file was checked, so nothing was applied. "
                    "Here is the new preview; confirm it if it is right."
                )
            )
        )
        staff_import.save()
        return
    done = staff_bulk_apply(
        actor=actor,
        plan=plan,
        reason=_("Marked as left in the staff import of %(date)s.")
        % {"date": timezone.localdate().strftime("%d-%m-%Y")},
    )
    staff_import.status = ImportStatus.APPLIED
    staff_import.applied_at = timezone.now()
    staff_import.progress = 100
    staff_import.counts = plan.counts | {
        "invite": invite,
        "invited": len(done["created_user_ids"]) if invite else 0,
    }
    staff_import.rows = []  # what was read is no longer needed; the preview says what was done
    staff_import.save()
    audit_record_local(
        actor=actor,
        action="staff_import.applied",
        target=staff_import,
        data={key: value for key, value in staff_import.counts.items() if isinstance(value, int)},
    )
    if invite and done["created_user_ids"]:
        _send_after_commit(INVITE_TASK, user_ids=done["created_user_ids"])


@transaction.atomic
def staff_import_cancel(*, actor: User, staff_import: StaffImport) -> StaffImport:
    """HR drops an import that has not been confirmed; what was read from
    the file is deleted."""
    _hr_here(actor)
    staff_import = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
    if staff_import.status not in (ImportStatus.READING, ImportStatus.PREVIEW):
        raise ValidationError(_("Only an import that has not been confirmed can be cancelled."))
    staff_import.status = ImportStatus.CANCELLED
    staff_import.rows, staff_import.preview = [], {}
    staff_import.save()
    StaffImportFile.objects.filter(staff_import=staff_import).delete()
    audit_record_local(actor=actor, action="staff_import.cancelled", target=staff_import)
    return staff_import
