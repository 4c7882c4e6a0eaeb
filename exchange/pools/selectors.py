"""Reads of a municipality's pool and claims, on its own site (its schema).
Access functions give the same "does not exist" for missing and forbidden."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from config.posted import storable_id
from exchange.models import SwapParty
from exchange.models.swaps import LIVE_SWAP
from exchange.network_pools import selectors as network_selectors
from exchange.network_pools.models import NetworkPool
from exchange.pools.models import ClaimStatus, Pool, Source, WageClaim
from notifications.waiting import WaitingItem
from tenants.organisation import people


def here():
    """The municipality whose schema the connection is set to (None in public)."""
    tenant = getattr(connection, "tenant", None)
    return tenant if hasattr(tenant, "code") else None


def is_hr_here(user) -> bool:
    municipality = here()
    return (
        municipality is not None
        and user.municipality_id == municipality.pk
        and user.has_role(Role.HR)
    )


def claim_for_viewer(*, user, claim_id: int) -> WageClaim:
    """A claim of this municipality, for its HR or the leader who applied
    while they still are a leader; WageClaim.DoesNotExist alike for missing
    and not theirs."""
    if not storable_id(claim_id) or here() is None or user.municipality_id != here().pk:
        raise WageClaim.DoesNotExist
    claim = WageClaim.objects.select_related("pool").filter(pk=claim_id).first()
    applicant = claim is not None and claim.applicant_id == user.pk
    if claim is None or not (is_hr_here(user) or (applicant and user.has_role(Role.LEADER))):
        raise WageClaim.DoesNotExist
    return claim


def party_for_home_leader(*, user, swap_id: int, party_id: int) -> SwapParty:
    """The party of a live swap whose swapper works for ``user`` at home, on
    the home municipality's site, once the swapper has involved their
    leader. SwapParty.DoesNotExist otherwise (also for a missing one)."""
    municipality = here()
    if (
        municipality is None
        or not storable_id(swap_id, party_id)
        or user.municipality_id != municipality.pk
        or not user.has_role(Role.LEADER)
    ):
        raise SwapParty.DoesNotExist
    party = (
        SwapParty.objects.select_related(
            "swap", "swapper", "home_municipality", "host_municipality"
        )
        .filter(
            pk=party_id,
            swap_id=swap_id,
            home_municipality=municipality,
            leader_involved_at__isnull=False,
            swap__status__in=LIVE_SWAP,
        )
        .first()
    )
    if party is None or not any(u.pk == user.pk for u in people.home_leaders(party)):
        raise SwapParty.DoesNotExist
    return party


def may_claim_for(user, party: SwapParty) -> bool:
    """For the swap page: whether ``user`` may apply for compensation for
    ``party`` on this site (see party_for_home_leader)."""
    try:
        party_for_home_leader(user=user, swap_id=party.swap_id, party_id=party.pk)
    except SwapParty.DoesNotExist:
        return False
    return True


def claims_of_party(party_id: int):
    return WageClaim.objects.filter(party_id=party_id)


@dataclass
class PoolSummary:
    year: int
    pool: Pool | None
    budget: Decimal
    granted: Decimal
    used: Decimal
    left: Decimal
    applied: Decimal  # awaiting a decision
    from_networks: Decimal  # granted to this municipality's claims by network pools


def pool_summary(year: int) -> PoolSummary:
    """Budget, granted, used and left of the year's own pool. Left is the
    budget less what grants hold (a grant holds its amount until the use is
    recorded, then what was used)."""
    pool = Pool.objects.filter(year=year).first()
    claims = WageClaim.objects.filter(pool__year=year)
    totals = claims.aggregate(
        granted=Sum("granted_amount", filter=Q(status=ClaimStatus.GRANTED, source=Source.OWN)),
        used=Sum("used_amount", filter=Q(status=ClaimStatus.GRANTED, source=Source.OWN)),
        applied=Sum("amount", filter=Q(status=ClaimStatus.APPLIED)),
        networks=Sum("granted_amount", filter=Q(status=ClaimStatus.GRANTED, source=Source.NETWORK)),
    )
    zero = Decimal("0")
    return PoolSummary(
        year=year,
        pool=pool,
        budget=pool.budget if pool else zero,
        granted=totals["granted"] or zero,
        used=totals["used"] or zero,
        left=pool.left if pool else zero,
        applied=totals["applied"] or zero,
        from_networks=totals["networks"] or zero,
    )


def waiting_for(user) -> list:
    """For the start page: claims HR must decide, and network pools of this
    year or later whose current budget HR's municipality has not agreed to."""
    if not is_hr_here(user):
        return []
    items = [
        WaitingItem(_("Decide a claim for wage compensation"), f"/pools/claims/{pk}/")
        for pk in WageClaim.objects.filter(status=ClaimStatus.APPLIED)
        .order_by("created_at")
        .values_list("pk", flat=True)
    ]
    for pool in NetworkPool.objects.filter(
        network__memberships__municipality_id=user.municipality_id,
        year__gte=timezone.localdate().year,  # a past year's budget waits for no one
    ).select_related("network"):
        if not pool.consents.filter(
            municipality_id=user.municipality_id, budget=pool.budget
        ).exists():
            items.append(
                WaitingItem(
                    _("Agree to %(n)s' shared pool for %(y)s")
                    % {"n": pool.network.name, "y": pool.year},
                    f"/pools/networks/{pool.network.slug}/?year={pool.year}",
                )
            )
    return items


def available_for(year: int, municipality) -> Decimal:
    """The most one claim can get in ``year``: what is left in the own pool
    or in one of the active network pools the municipality takes part in."""
    own = Pool.objects.filter(year=year).first()
    lefts = [own.left] if own else []
    lefts += [p.left for p in network_selectors.active_pools_for(municipality, year)]
    return max(lefts, default=Decimal("0"))
