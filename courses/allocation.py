"""Fair seats: how a cohort's seats are split across municipalities when the
pooled demand exceeds them. A pure function, property-tested.

The rule (issue 5): every municipality with demand gets at least one seat
when there are seats enough for that; the remaining seats are split in
proportion to the remaining demand by largest remainder (Hamilton), so each
share is within one seat of its exact proportion; ties go to the
municipality that came first. Within a municipality, seats go first to those
with priority (left out of an earlier cohort), then first come."""

from fractions import Fraction
from math import floor


def allocate_seats(capacity: int, demand: dict) -> dict:
    """Seats per key for ``capacity`` seats and ``demand`` (key → number of
    approved nominees, in first-come order of the keys). Keys without demand
    get no entry. Never more than ``capacity`` in total, never more than a
    key's demand."""
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    active = {key: wanted for key, wanted in demand.items() if wanted > 0}
    if sum(active.values()) <= capacity:
        return dict(active)
    order = {key: position for position, key in enumerate(active)}
    if len(active) >= capacity:
        # Not even one seat each: the largest demands first, then first come.
        chosen = sorted(active, key=lambda k: (-active[k], order[k]))[:capacity]
        return {key: 1 for key in sorted(chosen, key=order.get)}
    seats = dict.fromkeys(active, 1)
    remaining = capacity - len(active)
    rest = {key: wanted - 1 for key, wanted in active.items()}
    total_rest = sum(rest.values())
    quotas = {key: Fraction(remaining * r, total_rest) for key, r in rest.items()}
    for key, quota in quotas.items():
        seats[key] += floor(quota)
    left = capacity - sum(seats.values())
    by_remainder = sorted(
        quotas, key=lambda k: (-(quotas[k] - floor(quotas[k])), -active[k], order[k])
    )
    for key in by_remainder[:left]:
        seats[key] += 1
    return seats


def seat_order(nominations) -> list:
    """Who within one municipality gets its seats first: priority (left out
    before), then first approved. ``nominations`` have ``priority``,
    ``approved_at`` and ``pk``."""
    return sorted(nominations, key=lambda n: (not n.priority, n.approved_at, n.pk))
