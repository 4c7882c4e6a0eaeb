"""Fair seats (pure function): total within capacity, at least one seat per
municipality with demand when seats allow, proportional within one seat."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.allocation import allocate_seats

demands = st.dictionaries(
    st.integers(min_value=101, max_value=999), st.integers(min_value=0, max_value=40), max_size=12
)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=60), demands)
def test_allocation_properties(capacity, demand):
    seats = allocate_seats(capacity, demand)
    active = {k: d for k, d in demand.items() if d > 0}
    assert set(seats) <= set(active)
    assert all(0 < seats[k] <= active[k] for k in seats)
    assert sum(seats.values()) == min(capacity, sum(active.values()))
    if len(active) <= capacity:
        assert set(seats) == set(active)  # at least one seat each
    if sum(active.values()) > capacity >= len(active) and active:
        remaining = capacity - len(active)
        rest = {k: d - 1 for k, d in active.items()}
        for key, r in rest.items():
            quota = Fraction(remaining * r, sum(rest.values()))
            assert abs((seats[key] - 1) - quota) < 1


def test_the_issue_example_and_ties():
    # 16 seats, demand 10/6/3/1: everyone gets one, the rest in proportion.
    seats = allocate_seats(16, {"vejle": 10, "kolding": 6, "vejen": 3, "billund": 1})
    assert seats == {"vejle": 8, "kolding": 5, "vejen": 2, "billund": 1}
    assert sum(seats.values()) == 16
    # Too few seats for one each: the largest demands, then who came first.
    assert allocate_seats(2, {"a": 1, "b": 3, "c": 3}) == {"b": 1, "c": 1}
    assert allocate_seats(1, {"a": 2, "b": 2}) == {"a": 1}
    # Enough for all: everyone gets what they asked for.
    assert allocate_seats(16, {"a": 5, "b": 0, "c": 4}) == {"a": 5, "c": 4}
    with pytest.raises(ValueError):
        allocate_seats(-1, {"a": 1})
