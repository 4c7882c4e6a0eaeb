"""Wage-compensation pools a network of municipalities (e.g. Job7) shares,
if every member agrees. Cross-border, so in the public schema: the pool and
its budget, each member's consent to that budget, the grants it paid to a
member's claim, each member's equal share of every grant, and which periods
the members have settled among themselves. The claims themselves stay in
the receiving municipality's schema (referred to by id)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# As in pools.models (kroner with øre).
MONEY = {"max_digits": 12, "decimal_places": 2}
PERIOD_PATTERN = r"^[0-9]{4}-Q[1-4]$"
period_validator = RegexValidator(PERIOD_PATTERN, _("A period is a quarter, e.g. 2027-Q1."))


class NetworkPool(models.Model):
    """A network's budget for one year. Active only while every member has
    agreed to the current budget (NetworkPoolConsent). ``committed`` works as
    in pools.Pool, under the same CHECK."""

    network = models.ForeignKey("tenants.Network", on_delete=models.PROTECT, related_name="pools")
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("budget"), **MONEY)
    committed = models.DecimalField(_("committed"), default=Decimal("0"), **MONEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="network_pool_once_a_year"),
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="network_pool_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(committed__gte=0), name="network_pool_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="network_pool_never_over_granted"
            ),
        ]
        verbose_name = _("network wage-compensation pool")
        verbose_name_plural = _("network wage-compensation pools")

    def __str__(self) -> str:
        return f"{self.network_id} pool {self.year}"

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed


class NetworkPoolConsent(models.Model):
    """A member municipality agrees (through its HR) to take part in the
    network's pool with this budget. A changed budget needs everyone's
    agreement again."""

    pool = models.ForeignKey(NetworkPool, on_delete=models.CASCADE, related_name="consents")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(_("agreed budget"), **MONEY)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "municipality"], name="network_pool_consent_once"
            ),
        ]
        verbose_name = _("consent to a network pool")
        verbose_name_plural = _("consents to network pools")

    def __str__(self) -> str:
        return f"{self.municipality_id} agrees to {self.pool_id} ({self.budget})"


class NetworkGrant(models.Model):
    """What a network's pool granted to a member's claim. ``amount`` is the
    granted amount until the member records what was used, then the used
    amount; it enters the ledger in the quarter the use is recorded."""

    pool = models.ForeignKey(NetworkPool, on_delete=models.PROTECT, related_name="grants")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    # The claim in the receiving municipality's schema.
    claim_id = models.PositiveBigIntegerField()
    party = models.ForeignKey("exchange.SwapParty", on_delete=models.PROTECT, related_name="+")
    granted_amount = models.DecimalField(_("granted (DKK)"), **MONEY)
    amount = models.DecimalField(_("amount (DKK)"), **MONEY)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    period = models.CharField(_("period"), max_length=7, blank=True, validators=[period_validator])
    use_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "claim_id"], name="network_grant_once_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__gt=0), name="network_grant_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=F("granted_amount")),
                name="network_grant_used_within_grant",
            ),
            # In the ledger (with a period) exactly when the use is recorded.
            models.CheckConstraint(
                condition=Q(period="", use_recorded_at__isnull=True)
                | (Q(period__regex=PERIOD_PATTERN) & Q(use_recorded_at__isnull=False)),
                name="network_grant_period_when_used",
            ),
        ]
        verbose_name = _("network grant")
        verbose_name_plural = _("network grants")

    def __str__(self) -> str:
        return f"Grant {self.pk} to {self.municipality_id}: {self.amount}"


class NetworkGrantShare(models.Model):
    """One member's equal share of a grant (split to the øre). Every member
    other than the receiving one owes the receiving one its share."""

    grant = models.ForeignKey(NetworkGrant, on_delete=models.CASCADE, related_name="shares")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "municipality"], name="network_grant_share_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="network_grant_share_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} carries {self.amount} of grant {self.grant_id}"


class Settlement(models.Model):
    """The members have settled a period's balances among themselves."""

    network = models.ForeignKey(
        "tenants.Network", on_delete=models.PROTECT, related_name="settlements"
    )
    period = models.CharField(_("period"), max_length=7, validators=[period_validator])
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField()

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["network", "period"], name="settlement_once"),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN), name="settlement_period_format"
            ),
        ]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.network_id} settled {self.period}"
