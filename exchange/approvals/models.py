"""A municipality's own decisions on swaps of its staff, or into its
workplaces: leader approvals and MED acknowledgements. They live in the
municipality's schema (ARCHITECTURE.md: internal approvals, MED steps); the
public swap carries only the cross-border summary (approved when)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    HOME = "home", _("Home (the swapper's own workplace)")
    HOST = "host", _("Host (the receiving workplace)")


class Step(models.TextChoices):
    LEADER = "leader", _("Leader's approval")
    MED = "med", _("MED / union acknowledgement")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Approval(models.Model):
    # Public rows: ids, not foreign keys across the schema boundary.
    swap_id = models.PositiveBigIntegerField()
    party_id = models.PositiveBigIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    step = models.CharField(max_length=10, choices=Step.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Approving twice is impossible: one decision per party, side and step.
            models.UniqueConstraint(fields=["party_id", "side", "step"], name="approval_once"),
        ]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return (
            f"{self.get_step_display()} ({self.get_side_display()}): {self.get_decision_display()}"
        )
