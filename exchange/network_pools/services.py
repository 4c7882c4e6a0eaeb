"""Writes to the networks' pools: a member's HR sets the year's budget (and
so agrees to it), every other member agrees, a member's claim is granted
from the pool (called by pools.services.claim_grant, in its transaction),
the used amount is recorded, and a period's balances are settled. Pools and
grants are locked in one place each (_pool_locked); the database refuses
over-granting through the pool's CHECK whatever the code does."""

import re
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_public
from exchange.network_pools import selectors
from exchange.network_pools.models import (
    NetworkGrant,
    NetworkGrantShare,
    NetworkPool,
    NetworkPoolConsent,
    Settlement,
)
from notifications.services import mail_for, send_after_commit
from tenants.models import Network
from tenants.organisation import people

ORE = Decimal("0.01")


def _member_hr(actor: User, network: Network) -> None:
    """Only HR of a member municipality acts on a network's pool (the same
    DoesNotExist as for a network that does not exist)."""
    if (
        actor.municipality_id is None
        or not actor.has_role(Role.HR)
        or not network.memberships.filter(municipality_id=actor.municipality_id).exists()
    ):
        raise Network.DoesNotExist


def year_errors(year) -> list[str]:
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not this_year - 1 <= year <= this_year + 5:
        return [_("Choose a year from %(a)s to %(b)s.") % {"a": this_year - 1, "b": this_year + 5}]
    return []


def money(value) -> str:
    """An amount as mail and error texts show it: 12.500,00 kr."""
    return _("%(amount)s kr.") % {
        "amount": number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    }


def split_equally(amount: Decimal, municipality_ids) -> dict[int, Decimal]:
    """``amount`` in equal shares to the øre; the øre left over go one each to
    the first municipalities by id, so the shares add up to the amount."""
    ids = sorted(municipality_ids)
    if not ids:
        return {}
    base = (amount / len(ids)).quantize(ORE, rounding=ROUND_DOWN)
    left_over = int((amount - base * len(ids)) / ORE)
    return {pk: base + (ORE if n < left_over else 0) for n, pk in enumerate(ids)}


def _mail_hr(
    municipalities, template: str, path: str, *, skip_user=None, each=None, **context
) -> None:
    """Mail HR of ``municipalities`` after commit; ``each(municipality)``, if
    given, adds what differs per municipality to the context."""
    send_after_commit(
        [
            mail_for(
                user,
                f"network_pools/mail/{template}.txt",
                path,
                **context,
                **(each(municipality) if each else {}),
            )
            for municipality in municipalities
            for user in people.hr_of(municipality)
            if skip_user is None or user.pk != skip_user.pk
        ]
    )


def _path(network: Network, year: int) -> str:
    return f"/pools/networks/{network.slug}/?year={year}"


@transaction.atomic
def network_pool_set_budget(
    *, actor: User, network: Network, year: int, budget: Decimal
) -> NetworkPool:
    """HR of a member sets (or changes) the network's budget for ``year``,
    which counts as their municipality's agreement; every other member is
    asked to agree. Never below what is already granted."""
    _member_hr(actor, network)
    errors = {}
    if year_errors(year):
        errors["year"] = year_errors(year)
    if budget is None or budget < 0 or budget > Decimal("9999999999.99"):
        errors["budget"] = [_("Enter a budget of 0 kr. or more.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            NetworkPool.objects.get_or_create(
                network=network, year=year, defaults={"budget": budget}
            )
    except IntegrityError:  # created at the same moment by another member
        pass
    pool = _pool_locked(network=network, year=year)
    if budget < pool.committed:
        raise ValidationError(
            {
                "budget": _("The budget cannot be less than the %(g)s already granted.")
                % {"g": money(pool.committed)}
            }
        )
    old = pool.budget
    pool.budget = budget
    pool.full_clean()
    pool.save(update_fields=["budget", "updated_at"])
    _consent(actor, pool)
    audit_record_public(
        actor=actor,
        action="network_pool.budget_set",
        target=pool,
        municipality=actor.municipality,
        data={"network": network.slug, "year": year, "old": str(old), "new": str(budget)},
    )
    waiting = network.members.exclude(pk=actor.municipality_id).exclude(
        pk__in=pool.consents.filter(budget=budget).values("municipality_id")
    )
    _mail_hr(
        waiting,
        "consent_needed",
        _path(network, year),
        pool=pool,
        network=network,
        budget=money(budget),
        by=actor.municipality,
    )
    return pool


def _consent(actor: User, pool: NetworkPool) -> NetworkPoolConsent:
    consent, _created = NetworkPoolConsent.objects.update_or_create(
        pool=pool,
        municipality_id=actor.municipality_id,
        defaults={"budget": pool.budget, "agreed_by": actor, "agreed_at": timezone.now()},
    )
    return consent


@transaction.atomic
def network_pool_consent(*, actor: User, pool: NetworkPool, budget: Decimal) -> NetworkPoolConsent:
    """HR of a member agrees to take part in the pool with its current
    budget. ``budget`` is the budget the page showed: if another member has
    changed it since, nothing is agreed."""
    _member_hr(actor, pool.network)
    pool = _pool_locked(network=pool.network, year=pool.year)
    if budget is None or not budget.is_finite() or budget != pool.budget:
        raise ValidationError(
            _("The budget has changed to %(b)s since you opened the page; look at it again.")
            % {"b": money(pool.budget)}
        )
    consent = _consent(actor, pool)
    audit_record_public(
        actor=actor,
        action="network_pool.agreed",
        target=pool,
        municipality=actor.municipality,
        data={"budget": str(pool.budget)},
    )
    return consent


def _pool_locked(*, network, year: int) -> NetworkPool:
    return (
        NetworkPool.objects.select_for_update()
        .select_related("network")
        .get(network=network, year=year)
    )


def network_grant_create(
    *, actor: User, pool_id: int, year: int, claim, party, amount: Decimal
) -> NetworkGrant:
    """Grant ``amount`` from an active network pool of ``year`` to a claim of
    the actor's municipality. Called by pools.services.claim_grant inside
    its transaction, with the claim locked. Every current member carries an
    equal share."""
    municipality = actor.municipality
    pool = NetworkPool.objects.filter(
        pk=pool_id, year=year, network__memberships__municipality=municipality
    ).first()
    if pool is None:
        raise ValidationError({"source": [_("Choose a pool your municipality takes part in.")]})
    pool = _pool_locked(network=pool.network, year=year)
    if not selectors.pool_is_active(pool):
        raise ValidationError(
            {"source": [_("Not every member has agreed to the network's pool yet.")]}
        )
    if amount > pool.left:
        raise ValidationError(
            {
                "amount": [
                    _("Only %(left)s is left in %(network)s' pool for %(year)s.")
                    % {"left": money(pool.left), "network": pool.network.name, "year": year}
                ]
            }
        )
    NetworkPool.objects.filter(pk=pool.pk).update(committed=F("committed") + amount)
    grant = NetworkGrant.objects.create(
        pool=pool,
        municipality=municipality,
        claim_id=claim.pk,
        party=party,
        granted_amount=amount,
        amount=amount,
        granted_by=actor,
        granted_at=timezone.now(),
    )
    shares = split_equally(amount, selectors.member_ids(pool.network))
    NetworkGrantShare.objects.bulk_create(
        NetworkGrantShare(grant=grant, municipality_id=pk, amount=share)
        for pk, share in shares.items()
    )
    # The other members carry a share: their HR is told (no names: the
    # claim and the swapper stay in the granting municipality's schema).
    _mail_hr(
        pool.network.members.exclude(pk=municipality.pk),
        "granted",
        _path(pool.network, year),
        each=lambda other: {"share": money(shares.get(other.pk, Decimal("0")))},
        pool=pool,
        network=pool.network,
        by=municipality,
        amount=money(amount),
        left=money(pool.left - amount),
    )
    audit_record_public(
        actor=actor,
        action="network_grant.created",
        target=grant,
        municipality=municipality,
        data={"pool": pool.pk, "amount": str(amount), "swap": party.swap_id},
    )
    return grant


def network_grant_record_use(*, actor: User, grant_id: int, used: Decimal) -> NetworkGrant:
    """The receiving municipality records what the grant actually paid (called
    by pools.services.claim_record_use in its transaction): the rest returns
    to the network's pool, the shares follow the used amount, and the grant
    enters the ledger in the current quarter (one not yet settled: only
    ended quarters can be settled)."""
    grant = NetworkGrant.objects.select_related("pool__network").get(
        pk=grant_id, municipality_id=actor.municipality_id
    )
    pool = _pool_locked(network=grant.pool.network, year=grant.pool.year)
    grant = NetworkGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.use_recorded_at is not None:
        raise ValidationError(_("The use has already been recorded."))
    NetworkPool.objects.filter(pk=pool.pk).update(
        committed=F("committed") - (grant.granted_amount - used)
    )
    grant.amount = used
    grant.use_recorded_at = timezone.now()
    grant.period = selectors.period_of(timezone.localdate())
    grant.save(update_fields=["amount", "use_recorded_at", "period"])
    shares = split_equally(used, [s.municipality_id for s in grant.shares.all()])
    for share in grant.shares.all():
        share.amount = shares[share.municipality_id]
        share.save(update_fields=["amount"])
    audit_record_public(
        actor=actor,
        action="network_grant.used",
        target=grant,
        municipality=actor.municipality,
        data={"used": str(used), "period": grant.period},
    )
    return grant


@transaction.atomic
def network_settle(*, actor: User, network: Network, period: str) -> Settlement:
    """HR of a member marks a period's balances as settled among the members.
    Only a period that has ended and has entries, and only once."""
    _member_hr(actor, network)
    if not re.fullmatch(r"[0-9]{4}-Q[1-4]", period or "") or not 2000 <= int(period[:4]) <= 2100:
        raise ValidationError({"period": [_("A period is a quarter, e.g. 2027-Q1.")]})
    if not selectors.period_has_ended(period):
        raise ValidationError(
            {"period": [_("%(p)s has not ended yet; settle it when it has.") % {"p": period}]}
        )
    # Holding every pool of the network keeps a use being recorded (which
    # locks its pool) from slipping into the ledger while it is settled.
    list(NetworkPool.objects.select_for_update().filter(network=network))
    if not NetworkGrant.objects.filter(pool__network=network, period=period).exists():
        raise ValidationError({"period": [_("Nothing to settle in %(p)s.") % {"p": period}]})
    if Settlement.objects.filter(network=network, period=period).exists():
        raise ValidationError({"period": [_("%(p)s is already settled.") % {"p": period}]})
    try:
        with transaction.atomic():
            settlement = Settlement.objects.create(
                network=network, period=period, settled_by=actor, settled_at=timezone.now()
            )
    except IntegrityError:  # settled at the same moment by another member
        raise ValidationError(
            {"period": [_("%(p)s is already settled.") % {"p": period}]}
        ) from None
    audit_record_public(
        actor=actor,
        action="network_pool.settled",
        target=settlement,
        municipality=actor.municipality,
        data={"network": network.slug, "period": period},
    )
    _mail_hr(
        network.members.all(),
        "settled",
        f"/pools/networks/{network.slug}/",
        skip_user=actor,
        network=network,
        period=period,
        by=actor.municipality,
    )
    return settlement
