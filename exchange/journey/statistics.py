"""Numbers for management: swaps started and completed per municipality,
administration and department against the yearly target; the share of
learning goals met; cross-border flows; time from publishing to agreement.
Counts of agreed swaps come from the public swap rows; the breakdown by the
swapper's administration and department and the goal evaluations are read
in each municipality's own schema, and only counts leave it."""

import statistics as stats
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from exchange.journey.models import GoalEvaluation, Target
from exchange.models import SwapParty, SwapStatus
from tenants.organisation.models import EmployeeProfile


@dataclass
class Numbers:
    municipality: object
    year: int
    started: int = 0
    completed: int = 0
    target: int | None = None
    goals_met: int = 0
    goals_evaluated: int = 0
    median_days_to_agreement: float | None = None
    by_unit: list = field(default_factory=list)  # (administration, department, started, completed)

    @property
    def target_share(self) -> int | None:
        return round(100 * self.started / self.target) if self.target else None

    @property
    def goals_met_share(self) -> int | None:
        return round(100 * self.goals_met / self.goals_evaluated) if self.goals_evaluated else None


def _agreed_parties(year: int):
    """Parties of swaps agreed at least once and not called off (a swap whose
    agreement is being changed is still agreed), starting in ``year``."""
    return (
        SwapParty.objects.filter(
            swap__agreed_at__isnull=False,
            swap__status__in=[SwapStatus.AGREED, SwapStatus.APPROVED],
            swap__period_start__year=year,
        )
        .select_related("swap__opening")
        .annotate(first_request=Min("swap__requests__created_at"))
    )


def _days_to_agreement(party) -> int | None:
    swap = party.swap
    if swap.opening_id and swap.opening.published_at:
        start = swap.opening.published_at
    else:
        start = party.first_request
    if start is None:
        return None
    return max(0, (swap.agreed_at - start).days)


def municipality_numbers(municipality, year: int, today: date | None = None) -> Numbers:
    """The municipality's own numbers for ``year`` (by the swap's start)."""
    today = today or timezone.localdate()
    numbers = Numbers(municipality=municipality, year=year)
    parties = list(_agreed_parties(year).filter(home_municipality=municipality))
    started = [p for p in parties if p.swap.period_start <= today]
    # Swaps, not swappers: a rotation with two of the municipality's staff
    # counts once.
    swaps = {p.swap_id: p.swap for p in started}
    numbers.started = len(swaps)
    numbers.completed = sum(1 for swap in swaps.values() if swap.period_end < today)
    first_party = {p.swap_id: p for p in reversed(parties)}
    days = [d for d in (_days_to_agreement(p) for p in first_party.values()) if d is not None]
    numbers.median_days_to_agreement = stats.median(days) if days else None
    with tenant_context(municipality):
        target = Target.objects.filter(year=year).first()
        numbers.target = target.swaps if target else None
        evaluations = (
            GoalEvaluation.objects.filter(journey__party_id__in=[p.pk for p in parties])
            .values("outcome")
            .annotate(n=Count("pk"))
        )
        for row in evaluations:
            numbers.goals_evaluated += row["n"]
            if row["outcome"] == "met":
                numbers.goals_met += row["n"]
        profiles = {
            p.user_id: p
            for p in EmployeeProfile.objects.select_related("workplace__parent__parent").filter(
                user_id__in=[p.swapper_id for p in started]
            )
        }
        units: dict[tuple[str, str], list[int]] = {}
        for party in started:
            profile = profiles.get(party.swapper_id)
            department = profile.workplace.parent if profile and profile.workplace else None
            administration = department.parent if department else None
            key = (
                administration.name if administration else "–",
                department.name if department else "–",
            )
            counts = units.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += party.swap.period_end < today
        numbers.by_unit = [(a, d, s, c) for (a, d), (s, c) in sorted(units.items())]
    return numbers


def flows_of(municipality, year: int) -> list[tuple[str, str, int]]:
    """Every cross-border flow to or from ``municipality`` (any partner)."""
    rows = (
        _agreed_parties(year)
        .filter(Q(home_municipality=municipality) | Q(host_municipality=municipality))
        .exclude(home_municipality=F("host_municipality"))
        .values("home_municipality__name", "host_municipality__name")
        .annotate(n=Count("pk"))
        .order_by("home_municipality__name", "host_municipality__name")
    )
    return [(r["home_municipality__name"], r["host_municipality__name"], r["n"]) for r in rows]


def flows(municipalities, year: int) -> list[tuple[str, str, int]]:
    """(from, to, swappers) between ``municipalities`` for swaps agreed to
    start in ``year``: who went where."""
    ids = [m.pk for m in municipalities]
    rows = (
        _agreed_parties(year)
        .filter(home_municipality_id__in=ids, host_municipality_id__in=ids)
        .exclude(home_municipality=F("host_municipality"))
        .values("home_municipality__name", "host_municipality__name")
        .annotate(n=Count("pk"))
        .order_by("home_municipality__name", "host_municipality__name")
    )
    return [(r["home_municipality__name"], r["host_municipality__name"], r["n"]) for r in rows]


def network_numbers(network, year: int, today: date | None = None) -> list[Numbers]:
    """Every member's numbers (for the network's members only)."""
    members = list(network.members.order_by("name"))
    out = []
    for municipality in members:
        numbers = municipality_numbers(municipality, year, today)
        numbers.by_unit = []  # the breakdown stays with the municipality itself
        out.append(numbers)
    return out


# Column headers, translated where they are written out (views).
HEADER = [
    gettext_noop("Municipality"),
    gettext_noop("Year"),
    gettext_noop("Started"),
    gettext_noop("Completed"),
    gettext_noop("Target"),
    gettext_noop("Share of target (%)"),
    gettext_noop("Goals evaluated"),
    gettext_noop("Goals met"),
    gettext_noop("Share of goals met (%)"),
    gettext_noop("Median days from publishing to agreement"),
]


def rows_of(numbers_list) -> list[list]:
    return [
        [
            n.municipality.name,
            n.year,
            n.started,
            n.completed,
            n.target if n.target is not None else "",
            n.target_share if n.target_share is not None else "",
            n.goals_evaluated,
            n.goals_met,
            n.goals_met_share if n.goals_met_share is not None else "",
            n.median_days_to_agreement if n.median_days_to_agreement is not None else "",
        ]
        for n in numbers_list
    ]


def unit_rows(numbers: Numbers) -> list[list]:
    return [[a, d, s, c] for a, d, s, c in numbers.by_unit]
