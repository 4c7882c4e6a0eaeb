"""Cycle packing with HiGHS.

An arc u → v means u can and wants to take over v's post (weight 0–100). A
cycle [a, b, c] means a takes b's post, b takes c's, c takes a's. A chain
started by a vacant post v is [v, x1, x2, …]: x1 takes v, x2 takes x1's
post, and so on. Objective: first the number of people placed, then the total
weight. Each person is in at most one cycle or chain.

Method: enumerate every cycle (and chain) up to the length limit, split the
candidates into independent components, and solve each as a set-packing MIP
(one binary per candidate, one ≤ 1 row per person) whose objective ranks
people first and weight second. A greedy packing is the warm start; HiGHS'
dual bound gives the proven upper bound on people placed."""

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field


class InstanceError(ValueError):
    """The instance is not valid; the message says why (one line)."""


@dataclass
class Instance:
    ids: list[str]
    arcs: dict[tuple[int, int], int]  # (from, to) → weight
    max_cycle_length: int = 3
    vacancies: set[int] = field(default_factory=set)

    @property
    def size(self) -> int:
        return len(self.ids)


def parse_instance(data) -> Instance:
    """Validate the JSON instance (see the README) and index it."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    limit = data.get("max_cycle_length", 3)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 2 <= limit <= 4:
        raise InstanceError(f"max_cycle_length must be an integer from 2 to 4, not {limit!r}")
    requests = data.get("requests")
    if not isinstance(requests, list):
        raise InstanceError("requests must be a list of objects with an id")
    ids: list[str] = []
    index: dict[str, int] = {}
    for position, request in enumerate(requests):
        if not isinstance(request, dict) or not isinstance(request.get("id"), (str, int)):
            raise InstanceError(f"requests[{position}] has no id")
        rid = str(request["id"])
        if rid in index:
            raise InstanceError(f"duplicate request id {rid!r}")
        index[rid] = len(ids)
        ids.append(rid)
    arcs: dict[tuple[int, int], int] = {}
    raw_arcs = data.get("arcs", [])
    if not isinstance(raw_arcs, list):
        raise InstanceError("arcs must be a list")
    for position, arc in enumerate(raw_arcs):
        if not isinstance(arc, dict):
            raise InstanceError(f"arcs[{position}] is not an object")
        source, target, weight = str(arc.get("from")), str(arc.get("to")), arc.get("weight")
        for end in (source, target):
            if end not in index:
                raise InstanceError(f"arcs[{position}] names an unknown request {end!r}")
        if source == target:
            raise InstanceError(f"arcs[{position}] is a self-arc on {source!r}")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
            raise InstanceError(f"arcs[{position}] has weight {weight!r}; use an integer 0–100")
        key = (index[source], index[target])
        if key in arcs:
            raise InstanceError(f"arcs[{position}] duplicates the arc {source!r} → {target!r}")
        arcs[key] = weight
    vacancies = set()
    for vid in data.get("vacancies", []) or []:
        if str(vid) not in index:
            raise InstanceError(f"vacancies names an unknown request {vid!r}")
        vacancies.add(index[str(vid)])
    return Instance(ids=ids, arcs=arcs, max_cycle_length=limit, vacancies=vacancies)


@dataclass(frozen=True)
class Candidate:
    members: tuple[int, ...]  # cycle in order; chain: vacancy first
    people: int
    weight: int
    chain: bool


def _cycles(instance: Instance) -> list[Candidate]:
    """Every simple cycle up to the limit, once (rooted at its smallest id)."""
    out: dict[int, list[int]] = defaultdict(list)
    for u, v in instance.arcs:
        if u not in instance.vacancies and v not in instance.vacancies:
            out[u].append(v)
    arcs = instance.arcs
    limit = instance.max_cycle_length
    found: list[Candidate] = []

    def extend(path: list[int], weight: int) -> None:
        root, last = path[0], path[-1]
        for nxt in out[last]:
            if nxt == root and len(path) >= 2:
                found.append(Candidate(tuple(path), len(path), weight + arcs[(last, root)], False))
            elif nxt > root and nxt not in path and len(path) < limit:
                path.append(nxt)
                extend(path, weight + arcs[(last, nxt)])
                path.pop()

    for root in sorted(out):
        extend([root], 0)
    return found


def _chains(instance: Instance) -> list[Candidate]:
    """Chains started by a vacant post: x1 takes the vacancy, x2 takes x1's
    post, … up to the limit in people."""
    into: dict[int, list[int]] = defaultdict(list)  # v → those who can take v's post
    for u, v in instance.arcs:
        if u not in instance.vacancies:
            into[v].append(u)
    found: list[Candidate] = []

    def extend(path: list[int], weight: int) -> None:
        last = path[-1]
        for taker in into[last]:
            if taker not in path:
                w = weight + instance.arcs[(taker, last)]
                found.append(Candidate(tuple([*path, taker]), len(path), w, True))
                if len(path) < instance.max_cycle_length:
                    path.append(taker)
                    extend(path, w)
                    path.pop()

    for vacancy in sorted(instance.vacancies):
        extend([vacancy], 0)
    return found


def _components(candidates: list[Candidate]) -> list[list[int]]:
    """Groups of candidates that share no person with any other group."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for cand in candidates:
        first = find(cand.members[0])
        for member in cand.members[1:]:
            other = find(member)
            if other != first:
                parent[other] = first
    groups: dict[int, list[int]] = defaultdict(list)
    for position, cand in enumerate(candidates):
        groups[find(cand.members[0])].append(position)
    return list(groups.values())


def _greedy(candidates: list[Candidate], chosen_from: list[int]) -> list[int]:
    used: set[int] = set()
    picked = []
    for position in sorted(
        chosen_from, key=lambda p: (-candidates[p].people, -candidates[p].weight, p)
    ):
        members = candidates[position].members
        if used.isdisjoint(members):
            used.update(members)
            picked.append(position)
    return picked


def _solve_component(candidates, positions, deadline) -> tuple[list[int], int, bool]:
    """(chosen positions, proven upper bound on people, proven optimal).

    One MIP with a lexicographic objective: every person placed is worth more
    than all the weight any packing of the component can carry (weight per
    person ≤ 100), so maximising people·BIG + weight maximises people first,
    then weight."""
    import highspy
    import numpy as np

    greedy = _greedy(candidates, positions)
    if len(positions) == 1:
        return positions, candidates[positions[0]].people, True
    people_of = np.array([candidates[p].people for p in positions], dtype=float)
    weights = np.array([candidates[p].weight for p in positions], dtype=float)
    rows: dict[int, list[int]] = defaultdict(list)
    for column, p in enumerate(positions):
        for member in candidates[p].members:
            rows[member].append(column)
    big = 100.0 * len(rows) + 1.0

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # objectives are integers
    n = len(positions)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = people_of * big + weights
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(len(rows), -highspy.kHighsInf)
    lp.row_upper_ = np.ones(len(rows))
    starts, index = [0], []
    for cols in rows.values():
        index.extend(cols)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)

    column_of = {p: c for c, p in enumerate(positions)}
    warm = highspy.HighsSolution()
    values = np.zeros(n)
    values[[column_of[p] for p in greedy]] = 1.0
    warm.col_value = list(values)
    warm.value_valid = True
    h.setSolution(warm)
    h.setOptionValue("time_limit", max(0.01, deadline - time.perf_counter()))
    h.run()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = h.getInfo()
    if info.primal_solution_status:
        values = h.getSolution().col_value
        chosen = [positions[c] for c in range(n) if values[c] > 0.5]
    else:
        chosen = greedy
    placed = sum(candidates[p].people for p in chosen)
    if optimal:
        bound = placed
    elif info.mip_dual_bound < 1e30:
        bound = max(placed, int((info.mip_dual_bound + 1e-6) // big))
    else:
        bound = len(rows)
    return chosen, bound, optimal


def solve(instance: Instance, *, time_limit: float = 300.0, progress=None) -> dict:
    """The best packing of cycles (and chains) for ``instance``, in the
    result format of the README."""
    started = time.perf_counter()
    deadline = started + time_limit
    candidates = _cycles(instance) + (_chains(instance) if instance.vacancies else [])
    chosen: list[int] = []
    upper = 0
    optimal = True
    components = sorted(_components(candidates), key=len)
    for done, positions in enumerate(components):
        if progress is not None:
            progress(done / max(1, len(components)), "solving")
        picked, bound, proven = _solve_component(candidates, positions, deadline)
        chosen.extend(picked)
        upper += bound
        optimal = optimal and proven
    cycles, chains = [], []
    people = weight = 0
    for position in sorted(chosen, key=lambda p: candidates[p].members):
        cand = candidates[position]
        names = [instance.ids[m] for m in cand.members]
        (chains if cand.chain else cycles).append(names)
        people += cand.people
        weight += cand.weight
    return {
        "cycles": cycles,
        "chains": chains,
        "people_matched": people,
        "total_weight": weight,
        "upper_bound": upper,
        "optimal": optimal,
        "seconds": round(time.perf_counter() - started, 3),
    }


def solve_json(text: str, *, time_limit: float = 300.0) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(f"malformed JSON: {error}") from None
    return solve(parse_instance(data), time_limit=time_limit)
