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
    itself (e-mail, name) is in the public schema; this is not."""

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
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("profession"),
    )
    job_title = models.CharField(_("job title"), max_length=160)
    workplace = models.ForeignKey(
        Unit,
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

    class Meta:
        ordering = ["job_title"]
        verbose_name = _("employee profile")
        verbose_name_plural = _("employee profiles")

    def __str__(self) -> str:
        return f"{self.job_title} ({self.user_id})"

    def clean(self) -> None:
        if self.workplace_id and self.workplace.kind != UnitKind.WORKPLACE:
            raise ValidationError({"workplace": _("Choose a workplace, not a department.")})
        if self.leader_id and self.leader_id == self.pk:
            raise ValidationError({"leader": _("An employee cannot be their own leader.")})
