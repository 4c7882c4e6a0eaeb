"""Benchmark: the matching engine against exact pairs-only matching and a
greedy heuristic, on the same seeded synthetic instance.

    ./tvaers bench bench/matching.py --requests 2000
    ./tvaers bench bench/matching.py --requests 10000 [--time-limit 60]

Prints people placed, share of the engine's proven upper bound and time for
each method, and the ratio engine / pairs-only."""

import argparse
import csv
import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

from exchange.matching import parse_instance, solve  # noqa: E402

FAMILIES = {  # the professions of vocabulary/professions.py, by family
    "employment": ["jobcentre-caseworker", "employer-consultant"],
    "social": ["social-worker", "social-educator"],
    "pedagogy": ["pedagogue", "pedagogical-assistant"],
    "education": ["teacher"],
    "care": ["sosu-assistant", "sosu-helper", "needs-assessor"],
    "health": ["nurse", "home-nurse", "physiotherapist", "occupational-therapist"],
    "administration": ["hr-consultant", "case-officer"],
}
# The kinds of workplace a municipality has for each family.
WORKPLACES = {
    "employment": ["jobcentre", "youth-unit", "business-service"],
    "social": ["children-and-families", "disability", "adult-psychiatry"],
    "pedagogy": ["nursery", "after-school-club", "special-needs-centre"],
    "education": ["public-school", "special-school", "youth-school"],
    "care": ["home-care", "care-home", "rehabilitation-centre"],
    "health": ["home-care", "rehabilitation-centre", "health-centre", "acute-team"],
    "administration": ["town-hall", "citizen-service", "department-secretariat"],
}
# Roles at an interface with one's own, which people ask to learn.
INTERFACES = {
    "needs-assessor": ["home-nurse", "occupational-therapist"],
    "home-nurse": ["needs-assessor", "sosu-assistant"],
    "sosu-assistant": ["nurse"],
    "nurse": ["sosu-assistant"],
    "occupational-therapist": ["needs-assessor"],
    "jobcentre-caseworker": ["social-worker", "case-officer"],
    "social-worker": ["jobcentre-caseworker"],
    "case-officer": ["jobcentre-caseworker"],
    "social-educator": ["pedagogue"],
    "pedagogue": ["social-educator", "teacher"],
    "teacher": ["pedagogue"],
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
FIRST_MONDAY = date(2026, 1, 5)
MIN_OVERLAP_WEEKS = 4


def municipalities():
    with (ROOT / "tenants" / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        return [(float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)]


def km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    c = math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1) + math.sin(lat1) * math.sin(lat2)
    return 6371.0 * math.acos(min(1.0, c))


def wishes(rng, family: str, profession: str, workplace: str) -> set[tuple[str, str | None]]:
    """What a person asks to learn, as (profession, kind of workplace or None
    for any). Wishes are directional, as they are in real requests: their own
    role in another kind of workplace, a neighbouring role in their family,
    or a role at an interface with theirs — and not necessarily the reverse
    of anyone else's."""
    wished: set[tuple[str, str | None]] = set()
    if rng.random() < 0.5:
        others = [kind for kind in WORKPLACES[family] if kind != workplace]
        for kind in rng.sample(others, 2 if rng.random() < 0.3 else 1):
            wished.add((profession, kind))
    neighbours = [q for q in FAMILIES[family] if q != profession]
    if neighbours and rng.random() < 0.4:
        wished.add((rng.choice(neighbours), None))
    if profession in INTERFACES and rng.random() < 0.3:
        wished.add((rng.choice(INTERFACES[profession]), None))
    if not wished:
        kind = rng.choice([k for k in WORKPLACES[family] if k != workplace])
        wished.add((profession, kind))
    return wished


def generate(n: int, seed: int, reach: float, named: bool = True) -> dict:
    """Requests with a post (profession, kind of workplace, municipality),
    wishes (see ``wishes``), a period in weeks, a format and learning goals;
    an arc u → v where u wants and can take v's post: v's post matches a
    wish of u, same format, periods overlapping at least four weeks, and v's
    municipality within u's travel distance (80–240 km, the guide's swaps
    include staying over; scaled by ``reach``, which sets the density) and,
    for the half of the requests that name municipalities (as the product's
    swap requests can), one of the one to three named. Every cycle must have
    four common weeks (``min_overlap_days``). ``named=False`` leaves the
    names out: with ``reach`` 0.5 that is the first version of this
    generator, where any municipality within reach would do."""
    rng = random.Random(seed)  # noqa: S311
    places = municipalities()
    professions = [(f, p) for f, ps in FAMILIES.items() for p in ps]
    people = []
    for i in range(n):
        family, profession = rng.choice(professions)
        workplace = rng.choice(WORKPLACES[family])
        start = rng.randint(0, 40)
        people.append(
            {
                "id": f"r{i}",
                "profession": profession,
                "workplace": workplace,
                "wished": wishes(rng, family, profession, workplace),
                "place": rng.randrange(len(places)),
                "max_km": rng.choice([80, 120, 160, 240]) * reach,
                "start": start,
                "end": start + rng.randint(6, 16),
                "format": "full" if rng.random() < 0.7 else "part_time",
                "goals": set(rng.sample(GOALS, 3)),
                "offers": set(rng.sample(GOALS, 3)),
            }
        )
    posts: dict[tuple[str, str | None], list[int]] = {}
    for index, person in enumerate(people):
        posts.setdefault((person["profession"], person["workplace"]), []).append(index)
        posts.setdefault((person["profession"], None), []).append(index)
    distance = [[km(a, b) for b in places] for a in places]
    for person in people:
        person["towns"] = None
        if named and rng.random() < 0.5:
            home = person["place"]
            near = [
                m for m in range(len(places)) if m != home and distance[home][m] <= person["max_km"]
            ]
            person["towns"] = set(rng.sample(near, min(len(near), rng.randint(1, 3))))
    arcs = []
    for u, a in enumerate(people):
        for wish in a["wished"]:
            for v in posts.get(wish, []):
                b = people[v]
                if u == v or a["format"] != b["format"]:
                    continue
                overlap = min(a["end"], b["end"]) - max(a["start"], b["start"])
                if overlap < MIN_OVERLAP_WEEKS:
                    continue
                d = distance[a["place"]][b["place"]]
                if d > a["max_km"]:
                    continue
                if a["towns"] is not None and b["place"] not in a["towns"]:
                    continue
                weight = 40 + (20 if b["profession"] == a["profession"] else 10)
                weight += min(20, 2 * overlap) + 10 * len(a["goals"] & b["offers"]) // 3
                weight -= int(d // 20)
                arcs.append({"from": a["id"], "to": b["id"], "weight": max(0, min(100, weight))})
    requests = [
        {
            "id": p["id"],
            "available_from": (FIRST_MONDAY + timedelta(weeks=p["start"])).isoformat(),
            "available_to": (FIRST_MONDAY + timedelta(weeks=p["end"], days=-1)).isoformat(),
        }
        for p in people
    ]
    return {
        "max_cycle_length": 3,
        "min_overlap_days": 7 * MIN_OVERLAP_WEEKS,
        "requests": requests,
        "arcs": arcs,
    }


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
    """For each person in turn, take their best 2- or 3-cycle among people
    not yet placed (most people, then most weight), found by a scan of arcs;
    a 3-cycle needs ``min_overlap_days`` common days like the engine's."""
    started = time.perf_counter()
    period = {
        r["id"]: (date.fromisoformat(r["available_from"]), date.fromisoformat(r["available_to"]))
        for r in data["requests"]
    }
    need = max(1, data.get("min_overlap_days", 0))

    def common(*ids) -> bool:
        first = max(period[i][0] for i in ids)
        last = min(period[i][1] for i in ids)
        return (last - first).days + 1 >= need

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
            if u in out.get(v, {}) and common(u, v):
                best = max(best or (0, 0, ()), (2, w1 + out[v][u], (u, v)))
            for x, w2 in out.get(v, {}).items():
                if x not in used and x != u and u in out.get(x, {}) and common(u, v, x):
                    best = max(best or (0, 0, ()), (3, w1 + w2 + out[x][u], (u, v, x)))
        if best:
            used.update(best[2])
            placed += best[0]
    return placed, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--reach", type=float, default=1.0, help="scales travel distance (density)")
    parser.add_argument(
        "--any-municipality",
        action="store_true",
        help="no request names municipalities (with --reach 0.5: the first generator)",
    )
    parser.add_argument("--seed", type=int, default=630)
    parser.add_argument("--time-limit", type=float, default=300.0, help="the engine's, in seconds")
    parser.add_argument("--progress", action="store_true", help="print the engine's progress")
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(args.requests, args.seed, args.reach, named=not args.any_municipality)
    n, m = len(data["requests"]), len(data["arcs"])
    print(
        f"{n:,} requests, {m:,} arcs (density {m / (n * (n - 1)):.4%}), "
        f"generated in {time.perf_counter() - started:.1f} s, seed {args.seed}"
    )
    engine_started = time.perf_counter()

    def progress(done: float, message: str) -> None:
        if args.progress:
            print(f"  {time.perf_counter() - engine_started:6.1f} s {done:4.0%} {message}")

    result = solve(parse_instance(data), time_limit=args.time_limit, progress=progress)
    engine_seconds = time.perf_counter() - engine_started  # validation included
    bound = result["upper_bound"]
    rows = [("engine (cycles ≤ 3)", result["people_matched"], engine_seconds)]
    pairs, pairs_seconds = pairs_only(data)
    rows.append(("pairs only (max-weight matching)", pairs, pairs_seconds))
    greedy_people, greedy_seconds = greedy(data)
    rows.append(("greedy", greedy_people, greedy_seconds))
    print(
        f"proven upper bound on people placed: {bound:,}; engine people optimal: "
        f"{result['people_optimal']}, optimal (people, then weight): {result['optimal']}"
    )
    if result["weight_upper_bound"] is not None:
        weight, weight_bound = result["total_weight"], result["weight_upper_bound"]
        print(
            f"engine weight {weight:,} of a proven bound of {weight_bound:,} "
            f"({weight / weight_bound if weight_bound else 1:.2%}) for that many people"
        )
    print(f"{'method':<34} {'placed':>8} {'of bound':>9} {'seconds':>8}")
    for name, placed, seconds in rows:
        print(f"{name:<34} {placed:>8,} {placed / bound if bound else 1:>9.2%} {seconds:>8.2f}")
    if pairs:
        print(f"engine / pairs-only: {result['people_matched'] / pairs:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
