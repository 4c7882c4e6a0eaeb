"""Who can take over whose post: the compatibility model behind matching.

An arc u → v means the owner of swap request u can and wants to take over
v's post for the swap:

- wants: v's profession is one u would swap with (a vacant post, below, may
  seek several), v's municipality is one u
  wishes for (when u named any) and v's post within u's distance (when u
  set one) — measured between the two workplaces' places (each post's
  ``location``: its workplace's place as published, else its
  municipality's centre);
- can: u's profession is v's, a related one or an interface role
  (vocabulary.ProfessionRelation, shipped and extended by HR);
- a vacant post (a necessity-rotation opening) takes no one's post itself:
  it only starts chains;
- both requests may be seen from the other's municipality (visibility);
- the same format (full swap, part-time, visit);
- the two periods overlap by at least what both need (``need_days``); a
  whole rotation must share that much (``common_window``), which the engine
  checks over every member, not only neighbours.

The score 0–100 adds four parts, kept with the link as its explanation:
profession (same 40, related 30, interface 25), overlap (2 per full week, up
to 20), distance (20 at the same place, 1 less per full 10 km), learning
goals (20 × the share of u's wished competences that v's post offers; 10
when u named none)."""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_OVERLAP_DAYS = 14

PROFESSION_POINTS = {"same": 40, "related": 30, "interface": 25}


@dataclass(frozen=True)
class Post:
    """What matching needs of one swap request (no names)."""

    id: int
    owner_id: int
    municipality_id: int
    location: tuple[float, float]
    member_networks: frozenset[int]  # networks the municipality is in
    visibility: str  # Visibility value
    network_id: int | None
    profession_id: int
    wished_professions: frozenset[int]
    wished_municipalities: frozenset[int]
    max_distance_km: int | None
    start: date
    end: date
    duration_weeks: int | None
    format: str
    learning: frozenset[int]
    offered: frozenset[int]
    # A vacant post (a necessity-rotation opening) seeks any of several
    # professions and has no owner; a request's post is its one profession.
    vacancy: bool = False
    sought: frozenset[int] = frozenset()

    @property
    def post_professions(self) -> frozenset[int]:
        return self.sought if self.vacancy else frozenset({self.profession_id})

    @property
    def need_days(self) -> int:
        return max(MIN_OVERLAP_DAYS, 7 * (self.duration_weeks or 0))

    def visible_to(self, other: "Post") -> bool:
        """Whether ``other``'s municipality may see this request."""
        if self.visibility == "all":
            return True
        if self.visibility == "network":
            return self.network_id in other.member_networks
        return self.municipality_id == other.municipality_id


@dataclass(frozen=True)
class Link:
    score: int
    explanation: dict


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    if a == b:
        return 0.0  # exactly, not the rounding error of the formula
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    cosine = math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1) + math.sin(lat1) * math.sin(
        lat2
    )
    return 6371.0 * math.acos(max(-1.0, min(1.0, cosine)))


def common_window(posts) -> tuple[date, date, int]:
    """(first day, last day, days needed) every post in ``posts`` shares."""
    start = max(p.start for p in posts)
    end = min(p.end for p in posts)
    return start, end, max(p.need_days for p in posts)


def window_ok(posts) -> bool:
    start, end, need = common_window(posts)
    return (end - start).days + 1 >= need


def link(u: Post, v: Post, relations: dict[tuple[int, int], str]) -> Link | None:
    """The arc u → v (u takes over v's post), or None. ``relations`` maps a
    pair of profession ids (lower first) to "related" or "interface"."""
    if u.vacancy or u.id == v.id or u.owner_id == v.owner_id:
        return None
    wanted = u.wished_professions & v.post_professions
    if not wanted or u.format != v.format:
        return None
    profession = _closeness(u.profession_id, wanted, relations)
    if profession is None:
        return None
    if u.wished_municipalities and v.municipality_id not in u.wished_municipalities:
        return None
    distance = km(u.location, v.location)
    if u.max_distance_km is not None and distance > u.max_distance_km:
        return None
    if not (v.visible_to(u) and u.visible_to(v)):
        return None
    overlap = (min(u.end, v.end) - max(u.start, v.start)).days + 1
    if overlap < max(u.need_days, v.need_days):
        return None
    goals_total = len(u.learning)
    goals_matched = len(u.learning & v.offered)
    goal_points = round(20 * goals_matched / goals_total) if goals_total else 10
    score = (
        PROFESSION_POINTS[profession]
        + min(20, 2 * (overlap // 7))
        + max(0, 20 - int(distance // 10))
        + goal_points
    )
    return Link(
        score=max(0, min(100, score)),
        explanation={
            "profession": profession,
            "overlap_days": overlap,
            "distance_km": round(distance),
            "goals_matched": goals_matched,
            "goals_total": goals_total,
        },
    )


def _closeness(own: int, wanted, relations) -> str | None:
    """The closest relation between one's own profession and any of the
    wanted ones: same, related, interface, or None."""
    if own in wanted:
        return "same"
    kinds = {relations.get((min(own, p), max(own, p))) for p in wanted}
    for kind in ("related", "interface"):
        if kind in kinds:
            return kind
    return None


def describe(explanation: dict) -> str:
    """The plain-language reason for a link, e.g. "same profession, 6 weeks
    overlap, 38 km, matches 2 of your 3 learning goals"."""
    parts = [
        {
            "same": _("same profession"),
            "related": _("related profession"),
            "interface": _("an interface role to your own"),
        }.get(explanation.get("profession"), _("a profession you wished for"))
    ]
    weeks = int(explanation.get("overlap_days", 0)) // 7
    parts.append(ngettext("%(n)d week overlap", "%(n)d weeks overlap", weeks) % {"n": weeks})
    distance = int(explanation.get("distance_km", 0))
    parts.append(_("same municipality") if distance == 0 else _("%(n)d km") % {"n": distance})
    total = int(explanation.get("goals_total", 0))
    if total:
        parts.append(
            ngettext(
                "matches %(m)d of your %(n)d learning goal",
                "matches %(m)d of your %(n)d learning goals",
                total,
            )
            % {"m": int(explanation.get("goals_matched", 0)), "n": total}
        )
    return ", ".join(parts)
