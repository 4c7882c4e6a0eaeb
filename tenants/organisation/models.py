"""A municipality as an employer: its organisation tree and its employees'
profiles. Lives in the municipality's own schema; the municipality is the
data controller for its staff."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration")
    DEPARTMENT = "department", _("Department")
    WORKPLACE = "workplace", _("Workplace")


# The level each kind sits under: administration → department → workplace.
PARENT_KIND = {
    UnitKind.ADMINISTRATION: None,
    UnitKind.DEPARTMENT: UnitKind.ADMINISTRATION,
    UnitKind.WORKPLACE: UnitKind.DEPARTMENT,
}


class Unit(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=160)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Where the unit is, so distances are measured from the workplace rather
    # than from the municipality's centre (WGS 84 degrees).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Who leads the unit (an administration's director, a department's head,
    # a workplace's leader): the one who approves swaps into it.
    leader = models.ForeignKey(
        "EmployeeProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units_led",
        verbose_name=_("leader"),
    )
    # A unit that is no longer used keeps its records (openings and swaps
    # refer to it) but takes no new employees or openings.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unit_name_unique_in_parent", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=models.Q(kind="administration", parent__isnull=True)
                | (~models.Q(kind="administration") & models.Q(parent__isnull=False)),
                name="unit_only_administrations_are_roots",
            ),
        ]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = PARENT_KIND.get(self.kind)
        actual = self.parent.kind if self.parent_id else None
        if expected != actual:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s must be part of a %(parent)s.")
                    % {"kind": self.get_kind_display(), "parent": UnitKind(expected).label}
                }
                if expected
                else {"parent": _("An administration is not part of another unit.")}
            )


class EmployeeProfile(models.Model):
    """What the municipality knows of an employee as employer. The account
    itself (e-mail, name) is in the public schema; this is not. The job
    (profession and workplace) may come later than the record — from HR,
    a spreadsheet or the identity system — and an employee counts as having
    a job only once both are there (see people.profile_of)."""

    # The account is a public row: no database constraint across the schema
    # boundary (ARCHITECTURE.md), uniqueness still enforced here.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    profession = models.ForeignKey(
        "vocabulary.Profession",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("profession"),
    )
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    workplace = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("workplace"),
        limit_choices_to={"kind": UnitKind.WORKPLACE},
    )
    leader = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("leader"),
    )
    # The employee's id in the municipality's own systems (the identity
    # system's externalId, the payroll number of a spreadsheet): how imports
    # and SCIM find the record again.
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True, db_index=True)

    class Meta:
        ordering = ["job_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="employee_external_id_unique",
            )
        ]
        verbose_name = _("employee profile")
        verbose_name_plural = _("employee profiles")

    def __str__(self) -> str:
        return f"{self.job_title} ({self.user_id})"

    def clean(self) -> None:
        if self.workplace_id and self.workplace.kind != UnitKind.WORKPLACE:
            raise ValidationError({"workplace": _("Choose a workplace, not a department.")})
        if self.leader_id and self.leader_id == self.pk:
            raise ValidationError({"leader": _("An employee cannot be their own leader.")})


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    PREVIEW = "preview", _("Ready to review")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class StaffImport(models.Model):
    """One spreadsheet HR uploads: its rows as read, the preview of what each
    row would do, and — once HR confirms — the result. Applied all at once or
    not at all. The file itself is not kept: only the rows read from it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file"), max_length=255)
    # The file's SHA-256: the same file imported again changes nothing.
    checksum = models.CharField(max_length=64)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    # 0–100 while reading or applying, for the progress bar.
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class StaffImportFile(models.Model):
    """The uploaded file itself, from the upload until the worker has read it
    (then it is deleted). It waits in the municipality's own schema because
    it is that municipality's personal data, and in the database because the
    web and the worker need not share a disk (deploy/compose.yaml)."""

    staff_import = models.OneToOneField(
        StaffImport, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    content = models.BinaryField()

    class Meta:
        verbose_name = _("uploaded staff file")
        verbose_name_plural = _("uploaded staff files")

    def __str__(self) -> str:
        return str(self.staff_import)
