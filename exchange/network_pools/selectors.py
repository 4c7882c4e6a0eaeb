"""Reads of the networks' pools. Public data, so every read is scoped in
code to a member municipality's HR (the same "does not exist" for a network
that is missing and one the municipality is not in)."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import Role
from exchange.network_pools.models import NetworkGrant, NetworkGrantShare, NetworkPool, Settlement
from tenants.models import Municipality, Network


def network_for_member(*, user, slug: str) -> Network:
    """The network, if ``user`` is HR of one of its member municipalities;
    Network.DoesNotExist alike for missing and not theirs."""
    if user.municipality_id is None or not user.has_role(Role.HR):
        raise Network.DoesNotExist
    return Network.objects.get(slug=slug, memberships__municipality_id=user.municipality_id)


def networks_of(municipality) -> list[Network]:
    return list(Network.objects.filter(memberships__municipality=municipality).order_by("name"))


def member_ids(network) -> set[int]:
    return set(network.memberships.values_list("municipality_id", flat=True))


def pool_is_active(pool: NetworkPool) -> bool:
    """Every current member has agreed to the current budget."""
    agreed = set(pool.consents.filter(budget=pool.budget).values_list("municipality_id", flat=True))
    members = member_ids(pool.network)
    return bool(members) and members <= agreed


def active_pools_for(municipality, year: int) -> list[NetworkPool]:
    """The active network pools of ``year`` that ``municipality`` takes part in."""
    pools = NetworkPool.objects.filter(
        year=year, network__memberships__municipality=municipality
    ).select_related("network")
    return [p for p in pools.order_by("network__name") if pool_is_active(p)]


# --- Periods -------------------------------------------------------------------


def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_last_day(period: str) -> date:
    year, quarter = int(period[:4]), int(period[-1])
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def period_has_ended(period: str, today: date | None = None) -> bool:
    return period_last_day(period) < (today or timezone.localdate())


# --- The ledger ------------------------------------------------------------------


@dataclass
class Debt:
    debtor: Municipality
    creditor: Municipality
    amount: Decimal


@dataclass
class PeriodLedger:
    """Who owes whom for one period, netted per pair of municipalities."""

    period: str
    debts: list[Debt] = field(default_factory=list)
    received: dict = field(default_factory=dict)  # municipality → granted and used in the period
    settlement: Settlement | None = None

    @property
    def settled(self) -> bool:
        return self.settlement is not None

    @property
    def ended(self) -> bool:
        return period_has_ended(self.period)


def ledger(network: Network) -> list[PeriodLedger]:
    """Per period (newest first): each member carries an equal share of
    every grant paid from the network's pools, so every other member owes
    the receiving one its share. Opposite debts between two members are
    netted. Grants enter the ledger when their use is recorded."""
    rows = (
        NetworkGrantShare.objects.filter(grant__pool__network=network)
        .exclude(grant__period="")
        .exclude(municipality_id=F("grant__municipality_id"))
        .values("grant__period", "municipality_id", "grant__municipality_id")
        .annotate(total=Sum("amount"))
    )
    owed: dict[str, dict[tuple[int, int], Decimal]] = {}
    for row in rows:
        pair = (row["municipality_id"], row["grant__municipality_id"])
        owed.setdefault(row["grant__period"], {})[pair] = row["total"]
    received: dict[str, dict[int, Decimal]] = {}
    for row in (
        NetworkGrant.objects.filter(pool__network=network)
        .exclude(period="")
        .values("period", "municipality_id")
        .annotate(total=Sum("amount"))
    ):
        received.setdefault(row["period"], {})[row["municipality_id"]] = row["total"]
    settlements = {
        s.period: s for s in Settlement.objects.filter(network=network).select_related("settled_by")
    }
    names = {m.pk: m for m in Municipality.objects.filter(networks=network)}
    # Grants to a municipality that has since left the network still count.
    missing = {pk for period in received.values() for pk in period if pk not in names} | {
        pk for pairs in owed.values() for pair in pairs for pk in pair if pk not in names
    }
    names.update({m.pk: m for m in Municipality.objects.filter(pk__in=missing)})
    result = []
    for period in sorted(set(owed) | set(received), reverse=True):
        pairs = owed.get(period, {})
        entry = PeriodLedger(period=period, settlement=settlements.get(period))
        for a, b in sorted({tuple(sorted(pair)) for pair in pairs}):
            net = pairs.get((a, b), Decimal("0")) - pairs.get((b, a), Decimal("0"))
            if net > 0:
                entry.debts.append(Debt(names[a], names[b], net))
            elif net < 0:
                entry.debts.append(Debt(names[b], names[a], -net))
        entry.debts.sort(key=lambda d: (d.debtor.name, d.creditor.name))
        entry.received = {
            names[pk]: total
            for pk, total in sorted(
                received.get(period, {}).items(), key=lambda i: names[i[0]].name
            )
        }
        result.append(entry)
    return result
