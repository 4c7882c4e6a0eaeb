"""The matching engine: valid and optimal (against brute force) on random
small instances; clear errors on bad input; the CLI."""

import itertools
import json
import random
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.matching import InstanceError, engine, parse_instance, solve

ROOT = Path(__file__).resolve().parents[3]


DAY0 = date(2026, 3, 2)


@st.composite
def instances(draw, vacancies=True, periods=True):
    n = draw(st.integers(min_value=2, max_value=7))
    ids = [f"r{i}" for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    arcs = [{"from": ids[a], "to": ids[b], "weight": draw(st.integers(0, 100))} for a, b in chosen]
    limit = draw(st.integers(min_value=2, max_value=4))
    requests = [{"id": i} for i in ids]
    data = {"max_cycle_length": limit, "requests": requests, "arcs": arcs}
    if vacancies and draw(st.booleans()):
        data["vacancies"] = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    if periods and draw(st.booleans()):
        for request in requests:
            if draw(st.integers(0, 4)):  # some requests have no dates, or one end only
                first = draw(st.integers(0, 30))
                if draw(st.integers(0, 5)):
                    request["available_from"] = (DAY0 + timedelta(days=first)).isoformat()
                if draw(st.integers(0, 5)):
                    last = first + draw(st.integers(0, 30))
                    request["available_to"] = (DAY0 + timedelta(days=last)).isoformat()
            if not draw(st.integers(0, 3)):  # a request's own minimum
                request["min_overlap_days"] = draw(st.integers(0, 25))
        if draw(st.booleans()):
            data["min_overlap_days"] = draw(st.integers(0, 20))
    return data


def brute_force(data) -> tuple[int, int]:
    """(people, weight) of the best packing, by trying every set of cycles
    and chains, straight from the rules of the module docstring."""
    weights = {(a["from"], a["to"]): a["weight"] for a in data["arcs"]}
    ids = [r["id"] for r in data["requests"]]
    vacant = set(data.get("vacancies", []))
    limit = data["max_cycle_length"]
    dated = [r for r in data["requests"] if "available_from" in r or "available_to" in r]
    period = {
        r["id"]: (
            date.fromisoformat(r.get("available_from", "0001-01-01")),
            date.fromisoformat(r.get("available_to", "9999-12-31")),
        )
        for r in data["requests"]
    }
    own = {r["id"]: r.get("min_overlap_days", 0) for r in data["requests"]}
    floor = max(1, data.get("min_overlap_days", 0))

    def together(members) -> bool:
        if not dated:
            return True
        first = max(period[m][0] for m in members)
        last = min(period[m][1] for m in members)
        return (last - first).days + 1 >= max(floor, *(own[m] for m in members))

    candidates = []  # (members, people, weight)
    people = [i for i in ids if i not in vacant]
    for length in range(2, limit + 1):
        for combo in itertools.permutations(people, length):
            if combo[0] != min(combo):
                continue
            ring = list(zip(combo, combo[1:] + combo[:1], strict=True))
            if all(arc in weights for arc in ring) and together(combo):
                candidates.append((set(combo), length, sum(weights[arc] for arc in ring)))
    for vacancy in vacant:
        for length in range(1, limit + 1):
            for takers in itertools.permutations(people, length):
                chain = (vacancy, *takers)
                steps = [(chain[i + 1], chain[i]) for i in range(length)]  # taker → post
                if all(arc in weights for arc in steps) and together(chain):
                    candidates.append((set(chain), length, sum(weights[arc] for arc in steps)))
    best = (0, 0)

    def search(start, used, placed, weight):
        nonlocal best
        best = max(best, (placed, weight))
        for position in range(start, len(candidates)):
            members, count, w = candidates[position]
            if used.isdisjoint(members):
                search(position + 1, used | members, placed + count, weight + w)

    search(0, set(), 0, 0)
    return best


def check(data, result) -> None:
    """The result is valid: cycles and chains within the limit, disjoint,
    on existing arcs, within the periods; and its totals add up."""
    weights = {(a["from"], a["to"]): a["weight"] for a in data["arcs"]}
    vacant = set(data.get("vacancies", []))
    limit = data["max_cycle_length"]
    seen = set()
    total = placed = 0
    for cycle in result["cycles"]:
        assert 2 <= len(cycle) <= limit
        assert vacant.isdisjoint(cycle)
        for arc in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert arc in weights  # each takes the next one's post
            total += weights[arc]
        placed += len(cycle)
        assert seen.isdisjoint(cycle)
        seen.update(cycle)
    for chain in result["chains"]:
        assert chain[0] in vacant and vacant.isdisjoint(chain[1:])
        assert 1 <= len(chain) - 1 <= limit
        for position in range(1, len(chain)):
            total += weights[(chain[position], chain[position - 1])]  # takes the post before
        placed += len(chain) - 1
        assert seen.isdisjoint(chain)
        seen.update(chain)
    assert result["people_matched"] == placed
    assert result["total_weight"] == total
    assert result["upper_bound"] >= placed
    if result["people_optimal"]:
        assert result["upper_bound"] == placed
        assert result["weight_upper_bound"] >= total
    else:
        assert result["weight_upper_bound"] is None


@settings(max_examples=300, deadline=None)
@given(instances())
def test_results_are_valid_and_optimal(data):
    result = solve(parse_instance(data), time_limit=30)
    check(data, result)
    assert result["optimal"] is True
    assert result["people_optimal"] is True
    assert result["upper_bound"] == result["people_matched"]
    assert result["weight_upper_bound"] == result["total_weight"]
    assert (result["people_matched"], result["total_weight"]) == brute_force(data)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_column_generation_and_fixing_are_exact(data):
    """The path large components take (column generation, LP rounding,
    reduced-cost fixing, both phases), forced on small instances."""
    with patch.object(engine, "_SMALL", 0):
        result = solve(parse_instance(data), time_limit=30)
    check(data, result)
    assert result["optimal"] is True
    assert result["upper_bound"] == result["people_matched"]
    assert result["weight_upper_bound"] == result["total_weight"]
    assert (result["people_matched"], result["total_weight"]) == brute_force(data)


@settings(max_examples=150, deadline=None)
@given(instances(), st.data())
def test_the_people_every_maximum_packing_covers_hold_for_any_duals(data, draw):
    """The weight phase gives people an = 1 row when every packing with the
    most people covers them (``_Component.forced``): checked against every
    such packing, for the LP's own duals and for arbitrary ones."""
    columns = engine._enumerate(parse_instance(data))
    for positions in engine._components(columns, len(data["requests"])):
        comp = engine._Component(columns, positions)
        sets = [set(row[row < comp.nrows].tolist()) for row in comp.rows]
        packings = []

        def search(start, used, people, sets=sets, comp=comp, packings=packings):
            packings.append((people, used))
            for k in range(start, len(sets)):
                if used.isdisjoint(sets[k]):
                    search(k + 1, used | sets[k], people + comp.people[k])

        search(0, set(), 0)
        most = max(people for people, _ in packings)
        deadline = engine.time.perf_counter() + 30
        lps = [
            engine._column_generation(
                comp, comp.people, comp.everything, comp.size == 2, None, deadline
            )
        ]
        y = np.array(
            draw.draw(
                st.lists(
                    st.sampled_from([0, 0.5, 1, 1.5, 2]), min_size=comp.nrows, max_size=comp.nrows
                )
            ),
            dtype=float,
        )
        rc = comp.reduced_costs(comp.people, y, 0.0)
        lps.append(
            engine._LP(
                comp.everything, np.zeros(len(comp)), rc, comp.lagrangian_bound(y, 0.0, 0, rc), y
            )
        )
        for lp in lps:
            forced = set(np.flatnonzero(comp.forced(lp, int(most))).tolist())
            for people, covered in packings:
                if people == most:
                    assert forced <= covered


@settings(max_examples=150, deadline=None)
@given(instances(), st.data())
def test_a_neighbourhood_of_a_packing_keeps_its_people_and_adds_weight(data, draw):
    """RINS in the weight phase: whatever part of a packing is kept, solving
    the rest with people ranked first gives a packing with as many people and
    at least as much weight — the best such packing, checked by brute force
    over the candidates the kept part leaves free."""
    columns = engine._enumerate(parse_instance(data))
    for positions in engine._components(columns, len(data["requests"])):
        comp = engine._Component(columns, positions)
        incumbent = comp.greedy()
        kept = np.array([k for k in incumbent.tolist() if draw.draw(st.booleans())], dtype=np.int64)
        objective = (100.0 * comp.nrows + 1) * comp.people + comp.weight
        deadline = engine.time.perf_counter() + 30
        found = engine._fix_and_solve(
            comp, kept, comp.everything, objective, incumbent, deadline, 1
        )
        sets = [set(row[row < comp.nrows].tolist()) for row in comp.rows]
        assert len({frozenset(sets[k]) for k in found}) == len(found)
        assert sum(len(sets[k]) for k in found) == len(set().union(*(sets[k] for k in found)))
        assert set(kept.tolist()) <= set(found.tolist())
        assert _people_weight(comp, found) >= _people_weight(comp, incumbent)
        blocked = set().union(*(sets[k] for k in kept))
        free = [k for k in range(len(comp)) if blocked.isdisjoint(sets[k])]
        best = [(0.0, 0.0)]

        def search(start, used, people, weight, sets=sets, comp=comp, free=free, best=best):
            best[0] = max(best[0], (people, weight))
            for i in range(start, len(free)):
                k = free[i]
                if used.isdisjoint(sets[k]):
                    search(i + 1, used | sets[k], people + comp.people[k], weight + comp.weight[k])

        search(0, blocked, 0.0, 0.0)
        people, weight = _people_weight(comp, kept)
        assert _people_weight(comp, found) == (people + best[0][0], weight + best[0][1])


def _people_weight(comp, chosen) -> tuple[float, float]:
    return float(comp.people[chosen].sum()), float(comp.weight[chosen].sum())


def medium(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    arcs = [
        {"from": f"r{u}", "to": f"r{v}", "weight": rng.randint(0, 100)}
        for u in range(n)
        for v in range(n)
        if u != v and rng.random() < 6 / n
    ]
    return {"max_cycle_length": 3, "requests": [{"id": f"r{i}"} for i in range(n)], "arcs": arcs}


def test_a_medium_instance_by_both_paths_and_with_progress():
    data = medium(300, 4)
    calls, threads = [], set()

    def progress(done, message):
        calls.append(done)
        threads.add(threading.get_ident())

    direct = solve(parse_instance(data), progress=progress)
    assert threads == {threading.get_ident()}  # only ever the caller's thread
    with patch.object(engine, "_SMALL", 0):
        generated = solve(parse_instance(data))
        one_thread = solve(parse_instance(data), workers=1)
    assert (one_thread["people_matched"], one_thread["total_weight"]) == (
        generated["people_matched"],
        generated["total_weight"],
    )
    check(data, direct)
    check(data, generated)
    assert direct["optimal"] and generated["optimal"]
    assert (direct["people_matched"], direct["total_weight"]) == (
        generated["people_matched"],
        generated["total_weight"],
    )
    assert 2 <= len(calls) <= 30
    assert calls == sorted(calls) and calls[0] >= 0 and calls[-1] == 1.0


def test_the_time_limit_returns_a_valid_packing_with_its_bound():
    data = medium(1500, 5)
    result = solve(parse_instance(data), time_limit=0.5)
    check(data, result)
    assert result["upper_bound"] >= result["people_matched"] > 0


def test_people_first_then_weight():
    data = {
        "max_cycle_length": 3,
        "requests": [{"id": x} for x in "abcd"],
        "arcs": [
            {"from": "a", "to": "b", "weight": 100},
            {"from": "b", "to": "a", "weight": 100},
            {"from": "b", "to": "c", "weight": 1},
            {"from": "c", "to": "d", "weight": 1},
            {"from": "d", "to": "b", "weight": 1},
        ],
    }
    result = solve(parse_instance(data))
    assert (result["cycles"], result["people_matched"], result["total_weight"]) == (
        [["b", "c", "d"]],
        3,
        3,
    )


def test_a_vacancy_starts_a_chain():
    data = {
        "max_cycle_length": 3,
        "requests": [{"id": "v"}, {"id": "x"}, {"id": "y"}],
        "vacancies": ["v"],
        "arcs": [{"from": "x", "to": "v", "weight": 70}, {"from": "y", "to": "x", "weight": 60}],
    }
    result = solve(parse_instance(data))
    assert (result["chains"], result["people_matched"], result["total_weight"]) == (
        [["v", "x", "y"]],
        2,
        130,
    )


def test_a_rotation_needs_a_common_period_of_all_its_members():
    """a, b and c overlap two by two, but all three share only 10 days."""
    periods = {
        "a": ("2026-03-01", "2026-03-31"),
        "b": ("2026-03-11", "2026-04-30"),
        "c": ("2026-02-01", "2026-03-20"),
    }
    data = {
        "max_cycle_length": 3,
        "requests": [
            {"id": x, "available_from": first, "available_to": last}
            for x, (first, last) in periods.items()
        ],
        "arcs": [
            {"from": "a", "to": "b", "weight": 50},
            {"from": "b", "to": "c", "weight": 50},
            {"from": "c", "to": "a", "weight": 50},
            {"from": "a", "to": "c", "weight": 10},
            {"from": "c", "to": "b", "weight": 10},
            {"from": "b", "to": "a", "weight": 11},
        ],
    }
    for minimum, cycles in ((10, [["a", "b", "c"]]), (11, [["a", "b"]])):
        result = solve(parse_instance({**data, "min_overlap_days": minimum}))
        assert result["cycles"] == cycles, minimum
    # Without a minimum, one common day is enough; without dates, none is needed.
    assert solve(parse_instance(data))["cycles"] == [["a", "b", "c"]]
    # A member's own minimum counts for every ring it is in: c needing 11
    # days rules out the three (10 common days) and b–c (10), leaving a–b
    # (21 days, weight 61); a needing 22 rules out a–b (21) and a–c (20)
    # too, leaving b–c, which a's wish does not touch.
    for who, days, cycles in (("c", 11, [["a", "b"]]), ("a", 22, [["b", "c"]])):
        requests = [
            {**r, "min_overlap_days": days} if r["id"] == who else r for r in data["requests"]
        ]
        result = solve(parse_instance({**data, "requests": requests}))
        assert result["cycles"] == cycles, who


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"max_cycle_length": 5, "requests": []},
            "max_cycle_length must be an integer from 2 to 4",
        ),
        (
            {"requests": [{"id": "a"}], "arcs": [{"from": "a", "to": "z", "weight": 1}]},
            "unknown request 'z'",
        ),
        ({"requests": [{"id": "a"}], "arcs": [{"from": "a", "to": "a", "weight": 1}]}, "self-arc"),
        (
            {
                "requests": [{"id": "a"}, {"id": "b"}],
                "arcs": [{"from": "a", "to": "b", "weight": 1}] * 2,
            },
            "duplicates the arc",
        ),
        (
            {
                "requests": [{"id": "a"}, {"id": "b"}],
                "arcs": [{"from": "a", "to": "b", "weight": 101}],
            },
            "weight 101",
        ),
        ({"requests": [{"id": "a"}, {"id": "a"}]}, "duplicate request id"),
        ([], "must be a JSON object"),
        (
            {"requests": [{"id": "a", "available_from": "2026-02-30"}]},
            r"requests\[0\] \('a'\) has available_from '2026-02-30', which is not a date",
        ),
        (
            {"requests": [{"id": "a", "available_to": "1/3/2026"}]},
            "has available_to '1/3/2026'; use a date YYYY-MM-DD",
        ),
        (
            {"requests": [{"id": "a", "available_from": 20260301}]},
            "has available_from 20260301; use a date YYYY-MM-DD",
        ),
        (
            {
                "requests": [
                    {"id": "a", "available_from": "2026-04-01", "available_to": "2026-03-01"}
                ]
            },
            "available from 2026-04-01 to 2026-03-01: the start is after the end",
        ),
        ({"requests": [], "min_overlap_days": -1}, "min_overlap_days must be an integer ≥ 0"),
        ({"requests": [], "min_overlap_days": "7"}, "min_overlap_days must be an integer ≥ 0"),
        (
            {"requests": [{"id": "a", "min_overlap_days": 1.5}]},
            r"requests\[0\] \('a'\) has min_overlap_days 1.5; use an integer ≥ 0",
        ),
        ({"requests": [{"id": "a"}], "vacancies": "a"}, "vacancies must be a list"),
    ],
)
def test_bad_instances_are_refused_clearly(data, message):
    with pytest.raises(InstanceError, match=message):
        parse_instance(data)


def test_cli_prints_json_and_errors_without_traceback(tmp_path):
    instance = tmp_path / "i.json"
    instance.write_text(
        json.dumps(
            {
                "requests": [{"id": "a"}, {"id": "b"}],
                "arcs": [
                    {"from": "a", "to": "b", "weight": 80},
                    {"from": "b", "to": "a", "weight": 60},
                ],
            }
        )
    )
    env = {"PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "exchange.matching", "solve", str(instance)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["cycles"] == [["a", "b"]]
    bad = subprocess.run(
        [sys.executable, "-m", "exchange.matching", "solve", "-"],
        input="{nope",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: malformed JSON")
    assert "Traceback" not in bad.stderr
    one = subprocess.run(
        [sys.executable, "-m", "exchange.matching", "solve", str(instance), "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert one.returncode == 0 and json.loads(one.stdout)["cycles"] == [["a", "b"]], one.stderr
    for option in (["--time-limit", "0"], ["--time-limit", "nan"], ["--workers", "0"]):
        refused = subprocess.run(
            [sys.executable, "-m", "exchange.matching", "solve", str(instance), *option],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert refused.returncode == 2 and refused.stderr.startswith(f"error: {option[0]}")
        assert "Traceback" not in refused.stderr and not refused.stdout
