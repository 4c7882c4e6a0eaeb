"""Cycle packing with HiGHS.

Instance. An arc u → v means u can and wants to take over v's post (weight
0–100). A cycle [a, b, c] means a takes b's post, b takes c's, c takes a's;
its length is at most ``max_cycle_length`` (2–4, default 3). A chain started
by a vacant post v is [v, x1, x2, …]: x1 takes v, x2 takes x1's post, and so
on, with at most ``max_cycle_length`` people. Each person is in at most one
cycle or chain. Objective: first the number of people placed, then the total
weight.

Periods. A request may carry ``available_from`` and ``available_to`` (ISO
dates, both days included; either may be left out for an open end), and the
instance may carry ``min_overlap_days`` (integer ≥ 0, default 0), as may each
request (its own wish, e.g. a duration). A cycle or chain (vacancy included)
is only allowed if the periods of all its dated members have a common stretch
of at least the largest of these among its members (and the instance's), and
in any case at least one common day: people rotate at the same time. Members
without dates do not restrict it; an instance without dates is not checked.

Method, people first and weight second, rigorously:

1. Enumeration, vectorised with numpy: CSR adjacency, paths grown one arc at a
   time (rooted at the smallest member, so each cycle is found once per
   orientation), closing arcs found by binary search in the sorted arc keys,
   periods checked as paths grow. Of candidates with the same member set
   (e.g. the two orientations of a triangle) only the heaviest is kept: the
   others are dominated.
2. Components: candidates that share no person with each other are solved
   independently. A component of at most _SMALL candidates goes straight to
   HiGHS' MIP (phase 1, then phase 2); larger ones as follows.
3. Phase 1 (people), per component: column generation on the LP relaxation
   of the cycle formulation (one ≤ 1 row per person), starting from the
   2-cycles, the greedy packing and the best candidates of each person; every
   enumerated candidate is priced with the duals and the most positive are
   added until none prices out. For any duals y ≥ 0 the Lagrangian bound
   Σ y + Σ_person max(reduced cost⁺ / size) bounds every packing, so the
   bound is proven even if the loop is cut short. Incumbents: the greedy
   packing, the rounded LP solution, fix-and-solve (keep the candidates with
   LP value > 0.9, solve the people they leave as a small MIP) and a MIP over
   the generated columns (given an eighth of the time left: the people gap
   is a person or two, and the next MIP is the one that proves it).
   Reduced-cost fixing (a packing that holds a
   candidate with reduced cost r is worth at most bound + r) then leaves
   exactly the candidates that could be in a better packing; a MIP over those
   proves the optimum over all cycles.
4. Phase 2 (weight): the same with the weights as objective, over the
   candidates that can be in a packing with the optimal number of people
   (again by reduced-cost fixing, with the phase-1 duals), and a row that
   keeps exactly that number of people. The phase-1 duals also name the
   people every such packing covers (whoever is left out has dual plus
   share at most the phase-1 gap, see ``_Component.forced``); their rows
   become = 1, which the LP does not feel but HiGHS' presolve and cuts do.
   Packings with exactly the most people are rare, so besides fix-and-solve
   the incumbent's neighbourhoods are searched (RINS: keep the candidates it
   and the LP agree on, solve the rest with people ranked first, starting
   from the incumbent's own, so the number of people holds).

Components are solved on up to two threads (HiGHS releases the GIL), largest
first; every component's phase 1 is queued before any phase 2, so time goes
to placing people first. The result's
``upper_bound`` is a proven bound on people placed and ``people_optimal``
says whether it is reached; ``weight_upper_bound`` is a proven bound on the
weight of packings with that many people (None unless people_optimal);
``optimal`` is true only when both are reached. When the time limit is
reached the best packing found so far is returned with these bounds."""

import json
import os
import queue
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date

import highspy
import numpy as np


class InstanceError(ValueError):
    """The instance is not valid; the message says why (one line)."""


@dataclass
class Instance:
    ids: list[str]
    arcs: dict[tuple[int, int], int]  # (from, to) → weight
    max_cycle_length: int = 3
    vacancies: set[int] = field(default_factory=set)
    # Per request (available_from, available_to) as date ordinals, None for
    # an open end; empty when no request carries dates.
    periods: list[tuple[int | None, int | None]] = field(default_factory=list)
    min_overlap_days: int = 0
    # Per request its own minimum of common days (0: the instance's); empty
    # when no request carries one.
    needs: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.ids)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(value, where: str, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InstanceError(f"{where} has {name} {value!r}; use a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        raise InstanceError(f"{where} has {name} {value!r}, which is not a date") from None


def parse_instance(data) -> Instance:
    """Validate the JSON instance (see the README) and index it."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    limit = data.get("max_cycle_length", 3)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 2 <= limit <= 4:
        raise InstanceError(f"max_cycle_length must be an integer from 2 to 4, not {limit!r}")
    min_overlap = data.get("min_overlap_days", 0)
    if min_overlap is None:
        min_overlap = 0
    if not isinstance(min_overlap, int) or isinstance(min_overlap, bool) or min_overlap < 0:
        raise InstanceError(f"min_overlap_days must be an integer ≥ 0, not {min_overlap!r}")
    requests = data.get("requests")
    if not isinstance(requests, list):
        raise InstanceError("requests must be a list of objects with an id")
    ids: list[str] = []
    index: dict[str, int] = {}
    periods: list[tuple[int | None, int | None]] = []
    needs: list[int] = []
    dated = False
    for position, request in enumerate(requests):
        if not isinstance(request, dict) or not isinstance(request.get("id"), (str, int)):
            raise InstanceError(f"requests[{position}] has no id")
        rid = str(request["id"])
        if rid in index:
            raise InstanceError(f"duplicate request id {rid!r}")
        where = f"requests[{position}] ({rid!r})"
        start = _parse_date(request.get("available_from"), where, "available_from")
        end = _parse_date(request.get("available_to"), where, "available_to")
        if start is not None and end is not None and start > end:
            raise InstanceError(
                f"{where} is available from {request['available_from']} to "
                f"{request['available_to']}: the start is after the end"
            )
        need = request.get("min_overlap_days", 0)
        if need is None:
            need = 0
        if not isinstance(need, int) or isinstance(need, bool) or need < 0:
            raise InstanceError(f"{where} has min_overlap_days {need!r}; use an integer ≥ 0")
        dated = dated or start is not None or end is not None
        periods.append((start, end))
        needs.append(need)
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
    raw_vacancies = data.get("vacancies", []) or []
    if not isinstance(raw_vacancies, list):
        raise InstanceError("vacancies must be a list of request ids")
    vacancies = set()
    for vid in raw_vacancies:
        if str(vid) not in index:
            raise InstanceError(f"vacancies names an unknown request {vid!r}")
        vacancies.add(index[str(vid)])
    return Instance(
        ids=ids,
        arcs=arcs,
        max_cycle_length=limit,
        vacancies=vacancies,
        periods=periods if dated else [],
        min_overlap_days=min_overlap,
        needs=needs if any(needs) else [],
    )


# ---------------------------------------------------------------------------
# Enumeration

_OPEN = 1 << 40  # an open end of a period, far beyond any date ordinal
_CHUNK = 4_000_000  # path extensions handled at once (bounds the memory)


@dataclass
class _Columns:
    """The candidates: one row of ``members`` each (a cycle in order from its
    smallest member, or a chain with the vacancy first), padded with -1."""

    members: np.ndarray  # (k, width) int64
    size: np.ndarray  # members per candidate
    people: np.ndarray
    weight: np.ndarray
    chain: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.size)


def _expand(indptr: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For paths ending in ``last``: (path of each extension, arc position)."""
    counts = indptr[last + 1] - indptr[last]
    path = np.repeat(np.arange(len(last)), counts)
    firsts = np.repeat(indptr[last] - (np.cumsum(counts) - counts), counts)
    return path, firsts + np.arange(len(path))


def _chunks(indptr: np.ndarray, last: np.ndarray):
    """Slices of paths whose extensions stay within _CHUNK."""
    counts = np.cumsum(indptr[last + 1] - indptr[last])
    start = 0
    while start < len(last):
        base = counts[start - 1] if start else 0
        stop = int(np.searchsorted(counts, base + _CHUNK, side="right"))
        stop = max(stop, start + 1)
        yield slice(start, stop)
        start = stop


class _Enumerator:
    def __init__(self, instance: Instance):
        n = self.n = instance.size
        self.limit = instance.max_cycle_length
        count = len(instance.arcs)
        pairs = np.fromiter(
            (x for key in instance.arcs for x in key), dtype=np.int64, count=2 * count
        ).reshape(count, 2)
        self.src, self.dst = pairs[:, 0], pairs[:, 1]
        self.w = np.fromiter(instance.arcs.values(), dtype=np.int64, count=count)
        self.vacant = np.zeros(n, dtype=bool)
        self.vacant[list(instance.vacancies)] = True
        self.start = np.full(n, -_OPEN, dtype=np.int64)
        self.end = np.full(n, _OPEN, dtype=np.int64)
        for person, (first, last) in enumerate(instance.periods):
            if first is not None:
                self.start[person] = first
            if last is not None:
                self.end[person] = last
        # Days in common each member needs (the instance's minimum or the
        # request's own, at least one); nothing to check without dates.
        self.need = np.zeros(n, dtype=np.int64)
        if instance.periods:
            own = np.asarray(instance.needs or [0] * n, dtype=np.int64)
            self.need = np.maximum(own, max(1, instance.min_overlap_days))

    def _csr(self, keep: np.ndarray, by: np.ndarray, to: np.ndarray):
        order = np.lexsort((to[keep], by[keep]))
        by, to, w = by[keep][order], to[keep][order], self.w[keep][order]
        indptr = np.searchsorted(by, np.arange(self.n + 1))
        return indptr, to, w, by * self.n + to

    @staticmethod
    def _fits(lo: np.ndarray, hi: np.ndarray, need: np.ndarray) -> np.ndarray:
        return hi - lo + 1 >= need

    def cycles(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(members, weight) per cycle length, paths rooted at their smallest
        member and closed by a binary search for the arc back to the root."""
        keep = ~self.vacant[self.src] & ~self.vacant[self.dst]
        indptr, to, w, keys = self._csr(keep, self.src, self.dst)
        n = self.n
        found: dict[int, list] = {k: [] for k in range(2, self.limit + 1)}

        def close(paths, weight):
            probe = paths[:, -1] * n + paths[:, 0]
            at = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
            ok = keys[at] == probe
            found[paths.shape[1]].append((paths[ok], weight[ok] + w[at[ok]]))

        def grow(paths, weight, lo, hi, need):
            close(paths, weight)
            if paths.shape[1] == self.limit:
                return
            for part in _chunks(indptr, paths[:, -1]):
                p, wt, a, b, k = paths[part], weight[part], lo[part], hi[part], need[part]
                which, arc = _expand(indptr, p[:, -1])
                nxt = to[arc]
                ok = nxt > p[which, 0]
                for column in range(1, p.shape[1]):
                    ok &= nxt != p[which, column]
                which, arc, nxt = which[ok], arc[ok], nxt[ok]
                new_lo = np.maximum(a[which], self.start[nxt])
                new_hi = np.minimum(b[which], self.end[nxt])
                new_need = np.maximum(k[which], self.need[nxt])
                ok = self._fits(new_lo, new_hi, new_need)
                which, arc, nxt = which[ok], arc[ok], nxt[ok]
                if len(which):
                    grow(
                        np.column_stack([p[which], nxt]),
                        wt[which] + w[arc],
                        new_lo[ok],
                        new_hi[ok],
                        new_need[ok],
                    )

        root = np.repeat(np.arange(n), np.diff(indptr))
        ok = to > root
        lo = np.maximum(self.start[root], self.start[to])
        hi = np.minimum(self.end[root], self.end[to])
        need = np.maximum(self.need[root], self.need[to])
        ok &= self._fits(lo, hi, need)
        grow(np.column_stack([root[ok], to[ok]]), w[ok], lo[ok], hi[ok], need[ok])
        out = []
        for length, parts in found.items():
            if parts:
                members = np.concatenate([m for m, _ in parts])
                weight = np.concatenate([x for _, x in parts])
            else:
                members = np.zeros((0, length), dtype=np.int64)
                weight = np.zeros(0, dtype=np.int64)
            out.append(_best_per_set(members, weight, members))
        return out

    def chains(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(members, weight) per chain length: the vacancy, then x1 who takes
        it, x2 who takes x1's post, …"""
        keep = ~self.vacant[self.src]
        indptr, takers, w, _ = self._csr(keep, self.dst, self.src)  # v → who can take v
        vacancies = np.flatnonzero(self.vacant)
        found = []
        which, arc = _expand(indptr, vacancies)
        paths = np.column_stack([vacancies[which], takers[arc]])
        weight = w[arc]
        lo = np.maximum(self.start[paths[:, 0]], self.start[paths[:, 1]])
        hi = np.minimum(self.end[paths[:, 0]], self.end[paths[:, 1]])
        need = np.maximum(self.need[paths[:, 0]], self.need[paths[:, 1]])
        ok = self._fits(lo, hi, need)
        paths, weight, lo, hi, need = paths[ok], weight[ok], lo[ok], hi[ok], need[ok]
        while len(paths):
            found.append((paths, weight))
            if paths.shape[1] == self.limit + 1:
                break
            which, arc = _expand(indptr, paths[:, -1])
            nxt = takers[arc]
            ok = np.ones(len(nxt), dtype=bool)
            for column in range(1, paths.shape[1]):
                ok &= nxt != paths[which, column]
            new_lo = np.maximum(lo[which], self.start[nxt])
            new_hi = np.minimum(hi[which], self.end[nxt])
            new_need = np.maximum(need[which], self.need[nxt])
            ok &= self._fits(new_lo, new_hi, new_need)
            which, arc = which[ok], arc[ok]
            paths = np.column_stack([paths[which], takers[arc]])
            weight = weight[which] + w[arc]
            lo, hi, need = new_lo[ok], new_hi[ok], new_need[ok]
        out = []
        for members, weight in found:
            key = np.column_stack([members[:, :1], np.sort(members[:, 1:], axis=1)])
            out.append(_best_per_set(members, weight, key))
        return out


def _best_per_set(members, weight, key) -> tuple[np.ndarray, np.ndarray]:
    """Of the candidates with the same key (the member set), the heaviest."""
    if len(members) < 2:
        return members, weight
    key = np.sort(key, axis=1) if key is members else key
    order = np.lexsort((-weight, *key.T[::-1]))
    key = key[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (key[1:] != key[:-1]).any(axis=1)
    chosen = order[first]
    return members[chosen], weight[chosen]


def _enumerate(instance: Instance) -> _Columns:
    enum = _Enumerator(instance)
    groups = enum.cycles()
    chain_groups = enum.chains() if instance.vacancies else []
    width = max(m.shape[1] for m, _ in groups + chain_groups)
    members, size, people, weight, chain = [], [], [], [], []
    for is_chain, parts in ((False, groups), (True, chain_groups)):
        for m, w in parts:
            padded = np.full((len(m), width), -1, dtype=np.int64)
            padded[:, : m.shape[1]] = m
            members.append(padded)
            size.append(np.full(len(m), m.shape[1]))
            people.append(np.full(len(m), m.shape[1] - is_chain))
            weight.append(w)
            chain.append(np.full(len(m), is_chain))
    if not members:
        empty = np.zeros(0, dtype=np.int64)
        return _Columns(np.zeros((0, width), np.int64), empty, empty, empty, empty.astype(bool))
    return _Columns(
        np.concatenate(members),
        np.concatenate(size),
        np.concatenate(people),
        np.concatenate(weight),
        np.concatenate(chain),
    )


def _components(columns: _Columns, n: int) -> list[np.ndarray]:
    """Groups of candidates that share no person with any other group
    (minimum-label propagation with pointer jumping)."""
    members = columns.members
    first = np.repeat(members[:, 0], members.shape[1] - 1)
    other = members[:, 1:].ravel()
    ok = other >= 0
    a, b = first[ok], other[ok]
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            break
        labels = new
    of = labels[members[:, 0]]
    order = np.argsort(of, kind="stable")
    cuts = np.flatnonzero(np.diff(of[order])) + 1
    return np.split(order, cuts) if len(order) else []


# ---------------------------------------------------------------------------
# One component


def _pack(rows: np.ndarray, nrows: int, order: np.ndarray) -> np.ndarray:
    """The greedy packing that takes candidates in ``order`` (a permutation),
    computed in rounds: a candidate that comes first among the live
    candidates of each of its members is taken, and the candidates it
    touches die. This picks exactly what taking them one by one picks."""
    k = len(order)
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    pad = rows == nrows
    alive = np.arange(k)
    used = np.zeros(nrows + 1, dtype=bool)
    chosen = []
    while len(alive):
        r = rows[alive]
        best = np.full(nrows + 1, k, dtype=np.int64)
        np.minimum.at(best, r.ravel(), np.repeat(rank[alive], r.shape[1]))
        first = ((best[r] == rank[alive, None]) | pad[alive]).all(axis=1)
        taken = alive[first]
        chosen.append(taken)
        used[rows[taken].ravel()] = True
        used[nrows] = False
        alive = alive[~used[r].any(axis=1)]
    return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


class _Component:
    """Candidates over one group of people; ``rows`` holds local person
    indices, padded with ``nrows`` (a dummy row)."""

    def __init__(self, columns: _Columns, positions: np.ndarray):
        self.positions = positions
        members = columns.members[positions]
        people_here, local = np.unique(members[members >= 0], return_inverse=True)
        self.nrows = len(people_here)
        rows = np.full(members.shape, self.nrows, dtype=np.int64)
        rows[members >= 0] = local
        self.rows = rows
        self.size = columns.size[positions].astype(np.float64)
        self.people = columns.people[positions].astype(np.float64)
        self.weight = columns.weight[positions].astype(np.float64)
        self.everything = np.ones(len(positions), dtype=bool)

    def __len__(self) -> int:
        return len(self.positions)

    def covered(self, cols) -> np.ndarray:
        """Per person (local row), whether one of the candidates ``cols``
        holds them."""
        mask = np.zeros(self.nrows + 1, dtype=bool)
        mask[self.rows[cols].ravel()] = True
        return mask[: self.nrows]

    def greedy(self) -> np.ndarray:
        """Most people first, then most weight."""
        return _pack(self.rows, self.nrows, np.lexsort((-self.weight, -self.people)))

    def matrix(self, cols: np.ndarray, people_row: bool):
        """Column-wise (starts, index, value) for ``cols``: a 1 in each
        member's row and, with ``people_row``, the candidate's people in
        one more row (index nrows)."""
        rows = self.rows[cols]
        mask = rows < self.nrows
        if people_row:
            rows = np.column_stack([rows, np.full(len(cols), self.nrows)])
            mask = np.column_stack([mask, np.ones(len(cols), dtype=bool)])
        counts = mask.sum(axis=1)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int32)
        index = rows[mask].astype(np.int32)
        value = np.ones(len(index))
        if people_row:
            value[np.cumsum(counts) - 1] = self.people[cols]
        return starts, index, value

    def reduced_costs(self, cost, y, mu) -> np.ndarray:
        """cost − Σ y over the members − mu·people."""
        rc = cost - np.append(y, 0.0)[self.rows].sum(axis=1)
        if mu:
            rc -= mu * self.people
        return rc

    def lagrangian_bound(self, y, mu, people, rc) -> float:
        """A proven bound for any duals y ≥ 0 (and mu, the dual of the
        people row): every packing x with ``people`` people has cost·x =
        rc·x + y·(rows covered) + mu·people ≤ Σ y + mu·people + what x can
        gain from positive reduced costs, at most the best share per person
        (each person is in one candidate at most)."""
        return float(y.sum()) + mu * people + float(self.shares(rc).sum())

    def shares(self, rc) -> np.ndarray:
        """Per person, the most that person's candidate can gain from a
        positive reduced cost, split evenly over its members."""
        share = np.zeros(self.nrows + 1)
        positive = rc > 0
        if positive.any():
            r = self.rows[positive]
            gain = rc[positive] / self.size[positive]
            np.maximum.at(share, r.ravel(), np.repeat(gain, r.shape[1]))
        return share[: self.nrows]

    def forced(self, lp: "_LP", people: int) -> np.ndarray:
        """The people every packing of ``people`` people covers, read off a
        people-phase LP with duals y and Lagrangian bound L: for a packing
        x, people = Σ rc·x + Σ_covered y ≤ L − Σ_uncovered (y + share),
        so whoever is left out has y + share ≤ L − people."""
        slack = lp.bound - people
        return lp.y + self.shares(lp.rc) > slack + 1e-5


def _new_highs():
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def _remaining(deadline: float) -> float:
    return max(0.01, deadline - time.perf_counter())


def _rows(h, nrows: int, people: int | None, forced=None) -> None:
    """One ≤ 1 row per person (= 1 for the ``forced``) and, with ``people``,
    the row Σ people = it."""
    lower = np.full(nrows, -highspy.kHighsInf)
    if forced is not None:
        lower[forced] = 1.0
    upper = np.ones(nrows)
    if people is not None:
        lower = np.append(lower, people)
        upper = np.append(upper, people)
    h.addRows(len(lower), lower, upper, 0, np.zeros(len(lower), np.int32), [], [])


@dataclass
class _LP:
    master: np.ndarray  # candidates in the restricted master
    x: np.ndarray  # the LP solution (0 outside the master)
    rc: np.ndarray  # reduced cost of every allowed candidate (-inf for the others)
    bound: float  # proven bound on the objective
    y: np.ndarray  # the duals of the person rows the bound was computed with


def _column_generation(
    comp: _Component, cost, allowed, start, people, deadline, forced=None
) -> _LP:
    """The LP relaxation over the candidates in ``allowed`` by column
    generation (primal simplex, which keeps its basis as columns come in)
    from those in ``start``; with ``people`` the packing must place exactly
    that many people."""
    h = _new_highs()
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("simplex_strategy", 1 if people is not None else 4)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _rows(h, comp.nrows, people, forced)
    in_master = np.zeros(len(comp), dtype=bool)
    added: list[np.ndarray] = []
    tolerance = 1e-7 * max(1.0, float(cost.max(initial=0)))
    cols = np.flatnonzero(start & allowed)
    y, mu = np.zeros(comp.nrows), 0.0
    x = np.zeros(len(comp))
    while True:
        if len(cols):
            in_master[cols] = True
            added.append(cols)
            starts, index, value = comp.matrix(cols, people is not None)
            inf = np.full(len(cols), highspy.kHighsInf)  # x ≤ 1 is implied by the rows
            h.addCols(
                len(cols), cost[cols], np.zeros(len(cols)), inf, len(index), starts, index, value
            )
        h.setOptionValue("time_limit", _remaining(deadline))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        solution = h.getSolution()
        duals = np.asarray(solution.row_dual)
        y = duals[: comp.nrows].copy()
        # A ≤ row's dual is ≥ 0 (up to tolerance); an = row's may be negative.
        free = ~forced if forced is not None else slice(None)
        y[free] = np.maximum(y[free], 0.0)
        mu = float(duals[comp.nrows]) if people is not None else 0.0
        x = np.zeros(len(comp))
        x[np.concatenate(added)] = solution.col_value
        rc = comp.reduced_costs(cost, y, mu)
        prices = np.flatnonzero((rc > tolerance) & allowed & ~in_master)
        if not len(prices) or time.perf_counter() >= deadline:
            break
        batch = max(200, comp.nrows)
        if len(prices) > batch:
            prices = prices[np.argpartition(-rc[prices], batch)[:batch]]
        cols = prices
    rc = comp.reduced_costs(cost, y, mu)
    rc[~allowed] = -np.inf
    bound = comp.lagrangian_bound(y, mu, people or 0, rc)
    return _LP(in_master, x, rc, bound, y)


def _mip(comp: _Component, cols, cost, warm, people, deadline, forced=None):
    """Maximise cost over ``cols`` as a MIP (with ``people``: placing exactly
    that many people), from the packing ``warm``. Returns (best packing,
    proven optimal over cols, dual bound)."""
    h = _new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # objectives are integers
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _rows(h, comp.nrows, people, forced)
    n = len(cols)
    starts, index, value = comp.matrix(cols, people is not None)
    h.addCols(n, cost[cols], np.zeros(n), np.ones(n), len(index), starts, index, value)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    if len(warm):  # a complete start (zeros too), so HiGHS need not complete it
        h.setSolution(n, np.arange(n, dtype=np.int32), np.isin(cols, warm).astype(np.float64))
    h.setOptionValue("time_limit", 0.9 * _remaining(deadline))
    h.run()
    proven = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = h.getInfo()
    chosen = warm
    if info.primal_solution_status:
        found = cols[np.asarray(h.getSolution().col_value) > 0.5]
        valid = people is None or abs(comp.people[found].sum() - people) < 0.5
        if valid and cost[found].sum() >= cost[warm].sum():
            chosen = found
    dual = float(cost[chosen].sum()) if proven else float(info.mip_dual_bound)
    return chosen, proven, dual


def _best_per_person(comp: _Component, cost, allowed, rounds: int = 2) -> np.ndarray:
    """The ``rounds`` best allowed candidates (by cost, then weight) of each
    person."""
    picked = np.zeros(len(comp), dtype=bool)
    for _ in range(rounds):
        live = np.flatnonzero(allowed & ~picked)
        if not len(live):
            break
        live = live[np.lexsort((-comp.weight[live], -cost[live]))]
        flat = comp.rows[live].ravel()
        _, first = np.unique(flat, return_index=True)
        picked[live[first // comp.rows.shape[1]]] = True
    return picked


_SMALL = 3000  # candidates; a component this small goes straight to the MIP


def _value(cost, chosen) -> int:
    return round(float(cost[chosen].sum()))


@dataclass
class _Phase:
    chosen: np.ndarray
    proven: bool
    bound: int  # proven bound on the objective
    lp: _LP | None


def _phase(comp, cost, allowed, start, incumbent, people, deadline, report, forced=None) -> _Phase:
    """Maximise ``cost`` (with ``people``: over packings placing exactly
    that many people) from the packing ``incumbent``."""
    if len(comp) <= _SMALL:
        chosen, proven, dual = _mip(
            comp, np.flatnonzero(allowed), cost, incumbent, people, deadline
        )
        value = _value(cost, chosen)
        if proven:
            return _Phase(chosen, True, value, None)
        trivial = comp.lagrangian_bound(np.zeros(comp.nrows), 0.0, 0, np.where(allowed, cost, 0))
        dual = min(dual, trivial) if np.isfinite(dual) else trivial
        return _Phase(chosen, False, max(value, int(np.floor(dual + 1e-6))), None)
    start = start | _best_per_person(comp, cost, allowed)
    start[incumbent] = True
    lp = _column_generation(comp, cost, allowed, start, people, deadline, forced)
    best = int(np.floor(lp.bound + 1e-6))

    def better(candidate) -> bool:
        valid = people is None or _value(comp.people, candidate) == people
        return valid and _value(cost, candidate) > _value(cost, incumbent)

    # Round the LP solution: its candidates by LP value, then greedily.
    rounded = _pack(comp.rows, comp.nrows, np.lexsort((-comp.weight, -cost, -lp.x)))
    if better(rounded):
        incumbent = rounded
    # Fix and solve: keep the candidates the LP all but takes, and solve the
    # people they leave as a smaller MIP. For the weight, that MIP ranks
    # people first instead of requiring the number (HiGHS finds packings far
    # more easily so), and its packing counts when it reaches the number.
    if people is None:
        fixed = np.flatnonzero(lp.x > 0.9)
        pool, objective = lp.master, cost
    else:
        fixed = np.flatnonzero(lp.x > 0.7)
        pool, objective = allowed, (100.0 * comp.nrows + 1) * comp.people + cost
    candidate = _fix_and_solve(comp, fixed, pool, objective, incumbent, deadline, 4)
    if better(candidate):
        incumbent = candidate
    if people is not None:
        # Neighbourhoods of the incumbent (RINS): keep what it and the LP
        # agree on, solve the rest. The incumbent's other candidates are all
        # free, so the small MIP keeps its number of people and can only add
        # weight — the packings that reach the number are rare, and this
        # finds better ones in seconds where the large MIP did not.
        for threshold in (0.5, 0.9):
            agreed = np.intersect1d(incumbent, np.flatnonzero(lp.x > threshold))
            candidate = _fix_and_solve(comp, agreed, allowed, objective, incumbent, deadline, 8)
            if better(candidate):
                incumbent = candidate
    value = _value(cost, incumbent)
    report(f"LP bound {lp.bound:,.2f}, best so far {value:,}")
    if value >= best:
        return _Phase(incumbent, True, value, lp)
    # A MIP over the generated columns, which is proof enough when it is
    # proven optimal and holds every column reduced-cost fixing leaves.
    # For the people it gets an eighth of the time left, not half: there the
    # gap is a person or two, which reduced-cost fixing already exploits, so
    # the MIP over every useful column does the proving, and a small MIP that
    # cannot reach the LP bound would only keep it waiting.
    master = np.flatnonzero(lp.master)
    until = time.perf_counter() + _remaining(deadline) / (8 if people is None else 2)
    incumbent, proven, _ = _mip(comp, master, cost, incumbent, people, until, forced)
    value = _value(cost, incumbent)
    report(f"MIP over {len(master):,} generated columns: {value:,}")
    if value >= best or (proven and not (_useful(lp, value) & ~lp.master).any()):
        return _Phase(incumbent, True, value, lp)
    return _prove(comp, cost, lp, incumbent, people, deadline, report, forced)


def _fix_and_solve(comp, fixed, pool, objective, warm, deadline, part) -> np.ndarray:
    """``fixed`` plus the best packing (by ``objective``) of the candidates in
    ``pool`` that share no person with them, from what of ``warm`` is free,
    in ``part``-th of the time left."""
    taken = np.append(comp.covered(fixed), False)  # the padding row is nobody
    free = np.flatnonzero(pool & ~taken[comp.rows].any(axis=1))
    start = np.intersect1d(warm, free)
    until = time.perf_counter() + _remaining(deadline) / part
    rest, _, _ = _mip(comp, free, objective, start, None, until)
    return np.concatenate([fixed, rest])


def _useful(lp: _LP, value: int) -> np.ndarray:
    """The candidates that can be in a packing worth more than ``value``
    (reduced-cost fixing: one that holds a candidate with reduced cost r is
    worth at most bound + r, and values are integers)."""
    return lp.rc >= value + 1 - lp.bound - 1e-6


def _prove(comp, cost, lp: _LP, incumbent, people, deadline, report, forced=None) -> _Phase:
    """A MIP over every candidate that could be in a better packing than
    ``incumbent``: its optimum is the optimum over all candidates."""
    best = int(np.floor(lp.bound + 1e-6))
    useful = np.union1d(np.flatnonzero(_useful(lp, _value(cost, incumbent))), incumbent)
    # HiGHS looks at its clock seldom while it presolves a large model:
    # leave it room for that.
    chosen, proven, dual = _mip(
        comp, useful, cost, incumbent, people, deadline - 5e-5 * len(useful), forced
    )
    value = _value(cost, chosen)
    report(f"MIP over the {len(useful):,} columns reduced-cost fixing leaves: {value:,}")
    if proven:
        return _Phase(chosen, True, value, lp)
    # Any better packing lies within the useful columns, so it is worth at
    # most the MIP's dual bound.
    dual = min(float(best), dual) if np.isfinite(dual) else float(best)
    return _Phase(chosen, False, max(value, int(np.floor(dual + 1e-6))), lp)


def _share(deadline: float, part: int, rest: int) -> float:
    """A deadline for ``part`` of ``rest`` candidates still to solve."""
    now = time.perf_counter()
    return now + max(0.0, deadline - now) * min(1.0, part / max(1, rest))


def _workers() -> int:
    """Threads for solving groups side by side: HiGHS releases the GIL while
    it solves, so two groups take two cores (at most two, at least one)."""
    return max(1, min(2, os.cpu_count() or 1))


def solve(
    instance: Instance,
    *,
    time_limit: float = 300.0,
    progress: Callable[[float, str], None] | None = None,
    workers: int | None = None,
) -> dict:
    """The best packing of cycles (and chains) for ``instance``, in the
    result format of the README. ``progress(done_fraction, message)``, if
    given, is called a handful of times while solving, always from the
    calling thread (so it may use the caller's database connection), with
    fractions that never go down.

    Groups are solved on ``workers`` threads (default: up to two, one per
    core), largest first. Every group's people phase is queued before any
    weight phase: a group's weight phase is queued when its people phase has
    proven the most people, so time goes to placing people first. A people
    phase gets the time left in proportion to its share of the candidates
    not started yet (times the number of threads); a weight phase gets the
    time left."""
    started = time.perf_counter()
    deadline = started + time_limit
    lock = threading.Lock()
    said: queue.SimpleQueue = queue.SimpleQueue()
    shown = [0.0]

    def tell(fraction: float, message: str) -> None:
        said.put((fraction, message))  # from any thread; passed on by flush

    def flush() -> None:
        while not said.empty():
            fraction, message = said.get()
            shown[0] = max(shown[0], round(min(1.0, fraction), 3))
            if progress is not None:
                progress(shown[0], message)

    columns = _enumerate(instance)
    comps = [_Component(columns, g) for g in _components(columns, instance.size)]
    comps.sort(key=len, reverse=True)
    total = max(1, len(columns))
    tell(0.1, f"{len(columns):,} possible cycles and chains in {len(comps):,} groups")
    workers = max(1, workers or _workers())

    def reporter(fraction: float, size: int):
        if size < 0.2 * total:
            return lambda message: None
        return lambda message: tell(fraction, f"group of {size:,} candidates: {message}")

    first: list[_Phase | None] = [None] * len(comps)
    final: list[tuple[np.ndarray, bool, int] | None] = [None] * len(comps)
    tally = {"not_started": sum(len(c) for c in comps), "people": 0, "weight": 0}

    def people(i: int) -> None:
        """Phase 1 for group i: most people placed."""
        comp = comps[i]
        with lock:
            rest = tally["not_started"]
            tally["not_started"] -= len(comp)
        if len(comp) == 1:
            phase = _Phase(np.zeros(1, np.int64), True, _value(comp.people, [0]), None)
        else:
            phase = _phase(
                comp,
                comp.people,
                comp.everything,
                comp.size == 2,
                comp.greedy(),
                None,
                _share(deadline, workers * len(comp), rest),
                reporter(0.35, len(comp)),
            )
        first[i] = phase
        final[i] = (phase.chosen, False, _value(comp.weight, phase.chosen))
        with lock:
            tally["people"] += len(comp)
            done = tally["people"]
        if len(comp) >= 0.1 * total or done == total:
            tell(0.1 + 0.5 * done / total, f"most people placed: {done:,} of {total:,} candidates")

    def weight(i: int) -> None:
        """Phase 2 for group i (its most people proven): the most weight with
        that many people, over the candidates that can be in such a packing
        (reduced-cost fixing with the phase-1 duals)."""
        comp, phase = comps[i], first[i]
        chosen, proven = phase.chosen, True
        bound = _value(comp.weight, chosen)
        if len(comp) > 1:
            placed = _value(comp.people, chosen)
            forced = None
            if phase.lp is None:
                allowed = comp.everything
                start = comp.everything
            else:
                allowed = phase.lp.rc >= placed - phase.lp.bound - 1e-6
                allowed[chosen] = True
                start = phase.lp.master & allowed
                # The people each such packing covers get an = 1 row, which
                # tightens the weight MIPs (the chosen packing covers them;
                # the check only guards against rounding in the duals).
                forced = comp.forced(phase.lp, placed)
                if not comp.covered(chosen)[forced].all():
                    forced = None
            second = _phase(
                comp,
                comp.weight,
                allowed,
                start,
                chosen,
                placed,
                deadline,
                reporter(0.8, len(comp)),
                forced,
            )
            if _value(comp.people, second.chosen) == placed:
                chosen, proven = second.chosen, second.proven
            else:
                proven = False
            bound = max(second.bound, _value(comp.weight, chosen))
        final[i] = (chosen, proven, bound)
        with lock:
            tally["weight"] += len(comp)
            done = tally["weight"]
        if len(comp) >= 0.1 * total:
            tell(0.6 + 0.4 * done / total, f"most weight: {done:,} candidates done")

    flush()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(people, i): (people, i) for i in range(len(comps))}
        while pending:
            finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            flush()
            for future in finished:
                task, i = pending.pop(future)
                future.result()  # an error in a thread is raised here
                if task is people and first[i].proven:  # queued behind every people phase
                    pending[pool.submit(weight, i)] = (weight, i)
    tell(1.0, "done")
    flush()
    people_optimal = all(phase.proven for phase in first)
    cycles, chains = [], []
    placed = total_weight = 0
    picked = [comp.positions[chosen] for comp, (chosen, _, _) in zip(comps, final, strict=True)]
    picked = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    for position in picked:
        members = [int(m) for m in columns.members[position] if m >= 0]
        names = [instance.ids[m] for m in members]
        (chains if columns.chain[position] else cycles).append((members, names))
        placed += int(columns.people[position])
        total_weight += int(columns.weight[position])
    return {
        "cycles": [names for _, names in sorted(cycles)],
        "chains": [names for _, names in sorted(chains)],
        "people_matched": placed,
        "total_weight": total_weight,
        "upper_bound": sum(phase.bound for phase in first),
        "optimal": people_optimal and all(proven for _, proven, _ in final),
        "people_optimal": people_optimal,
        "weight_upper_bound": sum(bound for _, _, bound in final) if people_optimal else None,
        "seconds": round(time.perf_counter() - started, 3),
    }


def solve_json(text: str, *, time_limit: float = 300.0, workers: int | None = None) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(f"malformed JSON: {error}") from None
    return solve(parse_instance(data), time_limit=time_limit, workers=workers)
