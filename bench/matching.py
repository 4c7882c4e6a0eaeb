"""Benchmark: the matching engine against exact pairs-only matching and a
greedy heuristic, on the same seeded synthetic instance.

    ./tvaers bench bench/matching.py --requests 2000
    ./tvaers bench bench/matching.py --requests 10000 --density 0.003

Prints people placed, share of the engine's proven upper bound and time for
each method, and the ratio engine / pairs-only."""

import argparse
import csv
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

from exchange.matching import parse_instance, solve  # noqa: E402

FAMILIES = {
    "employment": ["jobcentre-caseworker", "employer-consultant"],
    "social": ["social-worker", "social-educator"],
    "pedagogy": ["pedagogue", "pedagogical-assistant"],
    "education": ["teacher"],
    "care": ["sosu-assistant", "sosu-helper", "needs-assessor"],
    "health": ["nurse", "home-nurse", "physiotherapist", "occupational-therapist"],
    "administration": ["hr-consultant", "case-officer"],
}
INTERFACES = {
    ("needs-assessor", "home-nurse"),
    ("home-nurse", "needs-assessor"),
    ("jobcentre-caseworker", "social-worker"),
    ("social-worker", "jobcentre-caseworker"),
}
GOALS = [
    "samtaler",
    "rehabilitering",
    "digitalisering",
    "virksomhedskontakt",
    "ledelse",
    "dokumentation",
    "tværfaglighed",
    "borgerinddragelse",
]


def municipalities():
    with (ROOT / "tenants" / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        return [(float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)]


def km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    c = math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1) + math.sin(lat1) * math.sin(lat2)
    return 6371.0 * math.acos(min(1.0, c))


def generate(n: int, seed: int, reach: float) -> dict:
    """Requests with a post (profession, municipality), wishes, a period and
    goals; an arc u → v where u can and wants to take v's post. ``reach``
    scales how far people will travel (and so the density)."""
    rng = random.Random(seed)  # noqa: S311
    places = municipalities()
    professions = [(f, p) for f, ps in FAMILIES.items() for p in ps]
    people = []
    for i in range(n):
        family, profession = rng.choice(professions)
        # Wishes are not symmetric: many want to learn a neighbouring role in
        # their family or at an interface rather than their own job elsewhere.
        wished = {profession} if rng.random() < 0.45 else set()
        wished |= {q for q in FAMILIES[family] if q != profession and rng.random() < 0.6}
        wished |= {b for a, b in INTERFACES if a == profession and rng.random() < 0.6}
        wished = wished or {profession}
        start = rng.randint(0, 40)
        people.append(
            {
                "id": f"r{i}",
                "profession": profession,
                "family": family,
                "wished": wished,
                "place": rng.randrange(len(places)),
                "max_km": rng.choice([40, 60, 80, 120]) * reach,
                "start": start,
                "end": start + rng.randint(6, 16),
                "format": "full" if rng.random() < 0.7 else "part_time",
                "goals": set(rng.sample(GOALS, 3)),
                "offers": set(rng.sample(GOALS, 3)),
            }
        )
    by_profession: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        by_profession.setdefault(person["profession"], []).append(index)
    arcs = []
    for u, a in enumerate(people):
        for profession in a["wished"]:
            for v in by_profession.get(profession, []):
                if u == v:
                    continue
                b = people[v]
                if a["format"] != b["format"]:
                    continue
                overlap = min(a["end"], b["end"]) - max(a["start"], b["start"])
                if overlap < 4:
                    continue
                distance = km(places[a["place"]], places[b["place"]])
                if distance > a["max_km"]:
                    continue
                weight = 40 + (20 if b["profession"] == a["profession"] else 10)
                weight += min(20, 2 * overlap) + 10 * len(a["goals"] & b["offers"]) // 3
                weight -= int(distance // 20)
                arcs.append({"from": a["id"], "to": b["id"], "weight": max(0, min(100, weight))})
    return {"max_cycle_length": 3, "requests": [{"id": p["id"]} for p in people], "arcs": arcs}


def pairs_only(data) -> tuple[int, float]:
    """Exact maximum-weight matching over the mutual pairs (networkx)."""
    import networkx as nx

    started = time.perf_counter()
    weights = {(a["from"], a["to"]): a["weight"] for a in data["arcs"]}
    graph = nx.Graph()
    for (u, v), w in weights.items():
        if u < v and (v, u) in weights:
            graph.add_edge(u, v, weight=w + weights[(v, u)])
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return 2 * len(matching), time.perf_counter() - started


def greedy(data) -> tuple[int, float]:
    """Take the best-weighted 2- and 3-cycles first, found by a scan of arcs."""
    started = time.perf_counter()
    out: dict[str, dict[str, int]] = {}
    for arc in data["arcs"]:
        out.setdefault(arc["from"], {})[arc["to"]] = arc["weight"]
    used: set[str] = set()
    placed = 0
    for u in sorted(out):
        if u in used:
            continue
        best = None
        for v, w1 in out[u].items():
            if v in used:
                continue
            if u in out.get(v, {}):
                score = (2, w1 + out[v][u])
                best = max(best or (0, 0, ()), (*score, (u, v)))
            for x, w2 in out.get(v, {}).items():
                if x not in used and x != u and u in out.get(x, {}):
                    best = max(best or (0, 0, ()), (3, w1 + w2 + out[x][u], (u, v, x)))
        if best:
            used.update(best[2])
            placed += best[0]
    return placed, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--reach", type=float, default=1.0, help="scales travel distance (density)")
    parser.add_argument("--seed", type=int, default=630)
    parser.add_argument("--time-limit", type=float, default=300.0)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(args.requests, args.seed, args.reach)
    n, m = len(data["requests"]), len(data["arcs"])
    print(
        f"{n:,} requests, {m:,} arcs (density {m / (n * (n - 1)):.4%}), "
        f"generated in {time.perf_counter() - started:.1f} s, seed {args.seed}"
    )
    result = solve(parse_instance(data), time_limit=args.time_limit)
    bound = result["upper_bound"]
    rows = [("engine (cycles ≤ 3)", result["people_matched"], result["seconds"])]
    pairs, pairs_seconds = pairs_only(data)
    rows.append(("pairs only (max-weight matching)", pairs, pairs_seconds))
    greedy_people, greedy_seconds = greedy(data)
    rows.append(("greedy", greedy_people, greedy_seconds))
    print(f"proven upper bound on people placed: {bound:,}; engine optimal: {result['optimal']}")
    print(f"{'method':<34} {'placed':>8} {'of bound':>9} {'seconds':>8}")
    for name, placed, seconds in rows:
        print(f"{name:<34} {placed:>8,} {placed / bound if bound else 1:>9.2%} {seconds:>8.2f}")
    if pairs:
        print(f"engine / pairs-only: {result['people_matched'] / pairs:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
