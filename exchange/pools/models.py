"""A municipality's own wage-compensation pool (its schema; ARCHITECTURE.md:
wage-compensation pool: budget and claims). Each year has a budget; a leader
claims compensation when a swapper from their workplace needs a substitute
at home, and HR grants it (from this pool or from a network's pool) or
declines it. The public swap and party are referred to by id only."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Kroner with øre; 12 digits is ten billion, far beyond any municipal budget.
MONEY = {"max_digits": 12, "decimal_places": 2}
MAX_AMOUNT = Decimal("9999999999.99")


class Pool(models.Model):
    """One year's budget. ``committed`` is what grants hold: the granted
    amount until HR records what was used, then the used amount (the rest
    returns to the pool). The database refuses a commitment beyond the
    budget, whatever the code does."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    budget = models.DecimalField(_("budget"), **MONEY)
    committed = models.DecimalField(_("committed"), default=Decimal("0"), **MONEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="pool_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__gte=0), name="pool_committed_not_negative"
            ),
            # The over-grant guard.
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="pool_never_over_granted"
            ),
        ]
        verbose_name = _("wage-compensation pool")
        verbose_name_plural = _("wage-compensation pools")

    def __str__(self) -> str:
        return f"Pool {self.year}"

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed


class ClaimStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_CLAIM = (ClaimStatus.APPLIED, ClaimStatus.GRANTED)


class Source(models.TextChoices):
    OWN = "own", _("The municipality's own pool")
    NETWORK = "network", _("A network's shared pool")


class WageClaim(models.Model):
    """A leader's claim for wage compensation while a swapper from their
    workplace is away and a substitute covers at home."""

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="claims")
    # Public rows: ids, not foreign keys across the schema boundary.
    swap_id = models.PositiveBigIntegerField()
    party_id = models.PositiveBigIntegerField()
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("days with a substitute"))
    amount = models.DecimalField(_("amount applied for (DKK)"), **MONEY)
    reason = models.TextField(_("why a substitute is needed"))
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.APPLIED
    )
    source = models.CharField(_("paid from"), max_length=10, choices=Source.choices, blank=True)
    # The grant in the public schema when a network's pool pays.
    network_grant_id = models.PositiveBigIntegerField(null=True, blank=True)
    granted_amount = models.DecimalField(_("granted (DKK)"), null=True, blank=True, **MONEY)
    used_amount = models.DecimalField(_("used (DKK)"), null=True, blank=True, **MONEY)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    use_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="wage_claim_amount_positive"),
            models.CheckConstraint(condition=Q(days__gt=0), name="wage_claim_days_positive"),
            # One live claim per swapper and swap. (Spelt as OR, not IN: an
            # IN-list index does not survive the template-schema copy
            # textually identical; see tenants/tests/test_schema_clone.py.)
            models.UniqueConstraint(
                fields=["party_id"],
                condition=Q(status="applied") | Q(status="granted"),
                name="wage_claim_once_per_party",
            ),
            models.CheckConstraint(
                condition=~Q(status="granted")
                | (Q(granted_amount__gt=0, granted_amount__lte=F("amount")) & ~Q(source="")),
                name="wage_claim_granted_within_request",
            ),
            models.CheckConstraint(
                condition=Q(used_amount__isnull=True)
                | Q(used_amount__gte=0, used_amount__lte=F("granted_amount")),
                name="wage_claim_used_within_grant",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="wage_claim_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="network") | Q(network_grant_id__isnull=False),
                name="wage_claim_network_has_grant",
            ),
        ]
        verbose_name = _("wage-compensation claim")
        verbose_name_plural = _("wage-compensation claims")

    def __str__(self) -> str:
        return f"Claim {self.pk} for swap {self.swap_id} ({self.status})"

    @property
    def held(self) -> Decimal:
        """What this claim holds of its source's budget."""
        if self.status != ClaimStatus.GRANTED:
            return Decimal("0")
        return self.used_amount if self.used_amount is not None else self.granted_amount
