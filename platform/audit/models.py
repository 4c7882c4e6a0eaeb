"""Audit events. The app is installed in both the public schema and every
municipality schema: cross-border actions are recorded in public, a
municipality's local actions in its own schema (see ARCHITECTURE.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Public rows referenced from municipality schemas: no database constraint,
    # so deleting a public row can never be blocked by (or cascade into) a
    # municipality's audit trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept so the trail stays readable if the account is later removed.
    actor_label = models.CharField(_("who"), max_length=254)
    action = models.CharField(_("what"), max_length=80)
    municipality = models.ForeignKey(
        "tenants.Municipality",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    provider = models.ForeignKey(
        "courses.Provider",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
