"""The matching engine: valid and optimal (against brute force) on random
small instances; clear errors on bad input; the CLI."""

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.matching import InstanceError, parse_instance, solve

ROOT = Path(__file__).resolve().parents[2]


@st.composite
def instances(draw):
    n = draw(st.integers(min_value=2, max_value=7))
    ids = [f"r{i}" for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    arcs = [{"from": ids[a], "to": ids[b], "weight": draw(st.integers(0, 100))} for a, b in chosen]
    limit = draw(st.integers(min_value=2, max_value=4))
    return {"max_cycle_length": limit, "requests": [{"id": i} for i in ids], "arcs": arcs}


def brute_force(data) -> tuple[int, int]:
    """(people, weight) of the best packing, by trying every set of cycles."""
    weights = {(a["from"], a["to"]): a["weight"] for a in data["arcs"]}
    ids = [r["id"] for r in data["requests"]]
    cycles = []
    for length in range(2, data["max_cycle_length"] + 1):
        for combo in itertools.permutations(ids, length):
            if combo[0] != min(combo):
                continue
            ring = list(zip(combo, combo[1:] + combo[:1], strict=True))
            if all(arc in weights for arc in ring):
                cycles.append((set(combo), sum(weights[arc] for arc in ring)))
    best = (0, 0)

    def search(start, used, people, weight):
        nonlocal best
        best = max(best, (people, weight))
        for position in range(start, len(cycles)):
            members, w = cycles[position]
            if used.isdisjoint(members):
                search(position + 1, used | members, people + len(members), weight + w)

    search(0, set(), 0, 0)
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_results_are_valid_and_optimal(data):
    result = solve(parse_instance(data), time_limit=30)
    weights = {(a["from"], a["to"]): a["weight"] for a in data["arcs"]}
    seen = set()
    total = 0
    for cycle in result["cycles"]:
        assert 2 <= len(cycle) <= data["max_cycle_length"]
        assert seen.isdisjoint(cycle)
        seen.update(cycle)
        for arc in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert arc in weights  # each takes the next one's post
            total += weights[arc]
    assert result["people_matched"] == len(seen)
    assert result["total_weight"] == total
    assert result["optimal"] is True
    assert result["upper_bound"] == result["people_matched"]
    assert (result["people_matched"], result["total_weight"]) == brute_force(data)


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
