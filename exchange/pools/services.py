"""Writes to a municipality's wage-compensation pool (its schema): HR sets
the year's budget; a leader applies for compensation when a swapper from
their workplace needs a substitute at home; HR grants it (in full or in
part, from the own pool or an active network pool) or declines it with a
reason; HR records what was used after the swap. The pool row is locked in
one place (_pool_locked) and the database refuses any commitment beyond the
budget (CHECK pool_never_over_granted)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from exchange.models import SwapParty
from exchange.models.swaps import LIVE_SWAP
from exchange.network_pools import services as network_services
from exchange.network_pools.services import money, year_errors
from exchange.pools import selectors
from exchange.pools.models import LIVE_CLAIM, MAX_AMOUNT, ClaimStatus, Pool, Source, WageClaim
from exchange.selectors import swap_period_days
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


def _local():
    municipality = selectors.here()
    if municipality is None:
        raise RuntimeError("the wage-compensation pool lives in a municipality's schema")
    return municipality


def _hr_only(actor: User) -> None:
    _local()
    if not selectors.is_hr_here(actor):
        raise PermissionDenied


def _pool_locked(year: int) -> Pool | None:
    return Pool.objects.select_for_update().filter(year=year).first()


def _amount_errors(value, *, allow_zero: bool = False) -> list[str]:
    if not isinstance(value, Decimal) or not value.is_finite():
        return [_("Enter an amount in kroner, e.g. 12500 or 12500.50.")]
    if allow_zero and value < 0:
        return [_("Enter an amount of 0 kr. or more.")]
    if not allow_zero and value <= 0:
        return [_("Enter an amount above 0 kr.")]
    if value > MAX_AMOUNT or value.as_tuple().exponent < -2:
        return [_("Enter an amount in kroner with at most two decimals.")]
    return []


@transaction.atomic
def pool_set_budget(*, actor: User, year: int, budget: Decimal) -> Pool:
    """HR sets the municipality's budget for ``year`` (creating the pool).
    The budget can never go below what is already granted."""
    _hr_only(actor)
    errors = {}
    if year_errors(year):
        errors["year"] = year_errors(year)
    if budget_errors := _amount_errors(budget, allow_zero=True):
        errors["budget"] = budget_errors
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Pool.objects.get_or_create(year=year, defaults={"budget": budget})
    except IntegrityError:  # created at the same moment by another HR user
        pass
    pool = _pool_locked(year)
    if budget < pool.committed:
        raise ValidationError(
            {
                "budget": [
                    _("The budget cannot be less than the %(g)s already granted.")
                    % {"g": money(pool.committed)}
                ]
            }
        )
    old = pool.budget
    pool.budget = budget
    pool.full_clean()
    pool.save(update_fields=["budget", "updated_at"])
    audit_record_local(
        actor=actor,
        action="pool.budget_set",
        target=pool,
        data={"year": year, "old": str(old), "new": str(budget)},
    )
    return pool


@transaction.atomic
def claim_apply(
    *, actor: User, swap_id: int, party_id: int, days: int, amount: Decimal, reason: str
) -> WageClaim:
    """The swapper's own leader applies for wage compensation for a live swap
    (see selectors.party_for_home_leader for who may). HR is asked to decide."""
    municipality = _local()
    party = selectors.party_for_home_leader(user=actor, swap_id=swap_id, party_id=party_id)
    errors = {}
    period_days = swap_period_days(party.swap)
    if not isinstance(days, int) or not 1 <= days <= period_days:
        errors["days"] = [
            _("Enter the days with a substitute: 1 to %(n)s (the swap's length).")
            % {"n": period_days}
        ]
    if amount_errors := _amount_errors(amount):
        errors["amount"] = amount_errors
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why a substitute is needed.")]
    if errors:
        raise ValidationError(errors)
    year = party.swap.period_start.year
    pool = Pool.objects.filter(year=year).first()
    if pool is None:
        raise ValidationError(
            _("HR has not set a budget for %(y)s yet. Ask HR before you apply.") % {"y": year}
        )
    available = selectors.available_for(year, municipality)
    if amount > available:
        raise ValidationError(
            {
                "amount": [
                    _("At most %(left)s is left in the pools for %(y)s.")
                    % {"left": money(available), "y": year}
                ]
            }
        )
    duplicate = _("A claim for this swap is already applied for or granted.")
    if selectors.claims_of_party(party.pk).filter(status__in=LIVE_CLAIM).exists():
        raise ValidationError(duplicate)
    claim = WageClaim(
        pool=pool,
        swap_id=party.swap_id,
        party_id=party.pk,
        applicant=actor,
        days=days,
        amount=amount,
        reason=reason[:5000],
    )
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:  # a double submit racing the check above
        raise ValidationError(duplicate) from None
    audit_record_local(
        actor=actor,
        action="wage_claim.applied",
        target=claim,
        data={"swap": party.swap_id, "amount": str(amount), "days": days},
    )
    send_after_commit(
        [
            mail_for(
                user,
                "pools/mail/claim_applied.txt",
                f"/pools/claims/{claim.pk}/",
                claim=claim,
                party=party,
                amount=money(amount),
            )
            for user in people.hr_of(municipality)
        ]
    )
    return claim


def _claim_locked(claim: WageClaim) -> WageClaim:
    claim = WageClaim.objects.select_for_update().select_related("pool").filter(pk=claim.pk).first()
    if claim is None:
        raise WageClaim.DoesNotExist
    return claim


def _claim_open_for_decision(actor: User, claim: WageClaim) -> WageClaim:
    _hr_only(actor)
    claim = _claim_locked(claim)
    if claim.status != ClaimStatus.APPLIED:
        raise ValidationError(_("This claim has already been decided or withdrawn."))
    return claim


def _claim_decided(actor: User, claim: WageClaim, reason: str) -> WageClaim:
    """Record HR's decision and tell the applicant."""
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_reason = reason[:5000]
    claim.save()
    audit_record_local(
        actor=actor,
        action=f"wage_claim.{claim.status}",
        target=claim,
        data={
            "swap": claim.swap_id,
            "amount": str(claim.granted_amount or ""),
            "source": claim.source,
        },
    )
    applicant = User.objects.filter(pk=claim.applicant_id, is_active=True).first()
    if applicant is not None:
        send_after_commit(
            [
                mail_for(
                    applicant,
                    "pools/mail/claim_decided.txt",
                    f"/pools/claims/{claim.pk}/",
                    claim=claim,
                    granted=money(claim.granted_amount) if claim.granted_amount else "",
                )
            ]
        )
    return claim


@transaction.atomic
def claim_grant(
    *,
    actor: User,
    claim: WageClaim,
    amount: Decimal | None = None,
    source: str = Source.OWN,
    network_pool_id: int | None = None,
    reason: str = "",
) -> WageClaim:
    """HR grants a claim — the amount applied for or less, never more than is
    left in the chosen pool (its own, or an active network pool). The
    applicant is told."""
    claim = _claim_open_for_decision(actor, claim)
    amount = claim.amount if amount is None else amount
    if amount_errors := _amount_errors(amount):
        raise ValidationError({"amount": amount_errors})
    if amount > claim.amount:
        raise ValidationError(
            {"amount": [_("Grant at most the %(a)s applied for.") % {"a": money(claim.amount)}]}
        )
    party = SwapParty.objects.select_related("swap").filter(pk=claim.party_id).first()
    if party is None or party.swap.status not in LIVE_SWAP:
        raise ValidationError(_("The swap has ended or been called off; decline the claim."))
    if source == Source.OWN:
        pool = _pool_locked(claim.pool.year)
        if amount > pool.left:
            raise ValidationError(
                {
                    "amount": [
                        _("Only %(left)s is left in the pool for %(y)s.")
                        % {"left": money(pool.left), "y": pool.year}
                    ]
                }
            )
        Pool.objects.filter(pk=pool.pk).update(committed=F("committed") + amount)
    elif source == Source.NETWORK:
        if network_pool_id is None:
            raise ValidationError({"source": [_("Choose the network's pool.")]})
        network_grant = network_services.network_grant_create(
            actor=actor,
            pool_id=network_pool_id,
            year=claim.pool.year,
            claim=claim,
            party=party,
            amount=amount,
        )
        claim.network_grant_id = network_grant.pk
    else:
        raise ValidationError({"source": [_("Choose the pool that pays.")]})
    claim.status = ClaimStatus.GRANTED
    claim.source = source
    claim.granted_amount = amount
    return _claim_decided(actor, claim, (reason or "").strip())


@transaction.atomic
def claim_decline(*, actor: User, claim: WageClaim, reason: str) -> WageClaim:
    """HR declines a claim with a reason; the applicant is told why."""
    claim = _claim_open_for_decision(actor, claim)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason for declining.")]})
    claim.status = ClaimStatus.DECLINED
    return _claim_decided(actor, claim, reason)


@transaction.atomic
def claim_withdraw(*, actor: User, claim: WageClaim) -> WageClaim:
    """The leader who applied withdraws the claim before HR has decided."""
    _local()
    claim = _claim_locked(claim)
    if claim.applicant_id != actor.pk:
        raise WageClaim.DoesNotExist
    if claim.status != ClaimStatus.APPLIED:
        raise ValidationError(_("This claim has already been decided or withdrawn."))
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status"])
    audit_record_local(actor=actor, action="wage_claim.withdrawn", target=claim)
    return claim


@transaction.atomic
def claim_record_use(*, actor: User, claim: WageClaim, used: Decimal) -> WageClaim:
    """After the swap, HR records what the substitute actually cost, at most
    the granted amount; the rest returns to the pool that paid. Once."""
    _hr_only(actor)
    claim = _claim_locked(claim)
    if claim.status != ClaimStatus.GRANTED:
        raise ValidationError(_("Only a granted claim has a use to record."))
    if claim.used_amount is not None:
        raise ValidationError(_("The use has already been recorded."))
    if used_errors := _amount_errors(used, allow_zero=True):
        raise ValidationError({"used": used_errors})
    if used > claim.granted_amount:
        raise ValidationError(
            {"used": [_("Record at most the %(g)s granted.") % {"g": money(claim.granted_amount)}]}
        )
    if claim.source == Source.OWN:
        pool = _pool_locked(claim.pool.year)
        Pool.objects.filter(pk=pool.pk).update(
            committed=F("committed") - (claim.granted_amount - used)
        )
    else:
        network_services.network_grant_record_use(
            actor=actor, grant_id=claim.network_grant_id, used=used
        )
    claim.used_amount = used
    claim.use_recorded_at = timezone.now()
    claim.save(update_fields=["used_amount", "use_recorded_at"])
    audit_record_local(
        actor=actor,
        action="wage_claim.use_recorded",
        target=claim,
        data={"used": str(used), "granted": str(claim.granted_amount)},
    )
    return claim
