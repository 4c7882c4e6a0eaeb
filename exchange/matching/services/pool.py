"""What a matching run may match: the network's free swap requests and vacant
posts (each with the window it is available in), the compatibility arcs
between them, and the engine's instance."""

from django.db.models import F, Q
from django.utils import timezone

from exchange.matching.compatibility import MIN_OVERLAP_DAYS, Link, Post, link
from exchange.models import (
    Answer,
    Opening,
    OpeningStatus,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    SwapKind,
    SwapParty,
    SwapRequest,
)
from exchange.models.swaps import LIVE_SWAP
from tenants.models import Municipality, NetworkMembership
from tenants.organisation import people
from vocabulary.models import ProfessionRelation


def relation_map() -> dict[tuple[int, int], str]:
    return {
        (a, b): kind
        for a, b, kind in ProfessionRelation.objects.values_list(
            "profession_a_id", "profession_b_id", "kind"
        )
    }


def _member_networks(municipality_ids) -> dict[int, set[int]]:
    """The networks each of ``municipality_ids`` belongs to."""
    networks: dict[int, set[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.filter(
        municipality_id__in=municipality_ids
    ).values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, set()).add(network_id)
    return networks


def place_of(post) -> tuple[float, float]:
    """Where a swap request's or opening's post is: its workplace's place as
    published, else its municipality's centre (``municipality`` loaded)."""
    if post.latitude is not None and post.longitude is not None:
        return float(post.latitude), float(post.longitude)
    return float(post.municipality.latitude), float(post.municipality.longitude)


def posts_of_requests(requests, today) -> dict[int, Post]:
    """Posts for swap requests (a queryset), their windows clipped to start
    no earlier than ``today``."""

    requests = list(
        requests.select_related("municipality").prefetch_related(
            "wished_professions", "wished_municipalities", "learning_tags", "offered_tags"
        )
    )
    networks = _member_networks({r.municipality_id for r in requests})
    return {
        r.pk: Post(
            id=r.pk,
            owner_id=r.owner_id,
            municipality_id=r.municipality_id,
            location=place_of(r),
            member_networks=frozenset(networks.get(r.municipality_id, ())),
            visibility=r.visibility,
            network_id=r.network_id,
            profession_id=r.profession_id,
            wished_professions=frozenset(p.pk for p in r.wished_professions.all()),
            wished_municipalities=frozenset(m.pk for m in r.wished_municipalities.all()),
            max_distance_km=r.max_distance_km,
            start=max(r.period_start, today),
            end=r.period_end,
            duration_weeks=r.duration_weeks,
            format=r.format,
            learning=frozenset(t.pk for t in r.learning_tags.all()),
            offered=frozenset(t.pk for t in r.offered_tags.all()),
        )
        for r in requests
    }


def pool(network, today=None, *, vacancies: bool = True) -> dict[int, Post]:
    """What a run over ``network`` may match. Swap requests: active, from a
    member municipality, in no live proposal, with time left, of someone not
    already on a swap that is still to come or under way, and with a leader
    registered at the workplace (looked up in each municipality's own schema)
    to approve the swap if it comes to that; one request per person (the
    newest). With ``vacancies``, also the vacant posts that may start a chain
    (see vacancy_pool), keyed by the opening's id negated."""
    today = today or timezone.localdate()
    busy = SwapParty.objects.filter(swap__status__in=LIVE_SWAP, swap__period_end__gte=today).values(
        "swapper_id"
    )
    candidates = (
        SwapRequest.objects.filter(
            municipality__network_memberships__network=network,
            status=RequestStatus.ACTIVE,
            period_end__gte=today,
        )
        .exclude(proposal_memberships__live=True)
        .exclude(owner_id__in=busy)
        .distinct()
    )
    keep = _led(candidates.values_list("municipality_id", "workplace_unit_id"))
    newest: dict[int, int] = {}
    for pk, owner_id in (
        candidates.filter(keep).order_by("created_at", "pk").values_list("pk", "owner_id")
    ):
        newest[owner_id] = pk
    posts = posts_of_requests(SwapRequest.objects.filter(pk__in=list(newest.values())), today)
    if vacancies:
        posts.update(vacancy_pool(network, today))
    return posts


def _led(pairs) -> Q:
    """A filter for the (municipality, workplace) ``pairs`` whose workplace
    has a leader, read in each municipality's own schema."""
    units_by_municipality: dict = {}
    for municipality_id, unit_id in pairs:
        units_by_municipality.setdefault(municipality_id, set()).add(unit_id)
    keep = Q(pk__in=[])
    for municipality in Municipality.objects.filter(pk__in=units_by_municipality):
        led = people.workplaces_with_leaders(municipality, units_by_municipality[municipality.pk])
        keep |= Q(municipality=municipality, workplace_unit_id__in=led)
    return keep


def vacancy_pool(network, today, *, only: int | None = None) -> dict[int, Post]:
    """Published necessity-rotation openings of the network's municipalities
    with a place left, a leader at the workplace and no live chain already
    proposed into them: vacant posts that may start a chain (``only``: just
    that opening, if it qualifies)."""

    openings = (
        Opening.objects.filter(
            municipality__network_memberships__network=network,
            kind=SwapKind.NECESSITY_ROTATION,
            status=OpeningStatus.PUBLISHED,
            places_taken__lt=F("capacity"),
            period_end__gte=today,
        )
        .exclude(match_proposals__status=ProposalStatus.PROPOSED)
        .distinct()
    )
    if only is not None:
        openings = openings.filter(pk=only)
    openings = list(
        openings.filter(_led(openings.values_list("municipality_id", "workplace_unit_id")))
        .select_related("municipality")
        .prefetch_related("professions", "learning_tags")
    )
    networks = _member_networks({o.municipality_id for o in openings})
    return {
        -o.pk: Post(
            id=-o.pk,
            owner_id=0,
            municipality_id=o.municipality_id,
            location=place_of(o),
            member_networks=frozenset(networks.get(o.municipality_id, ())),
            visibility=o.visibility,
            network_id=o.network_id,
            profession_id=0,
            wished_professions=frozenset(),
            wished_municipalities=frozenset(),
            max_distance_km=None,
            start=max(o.period_start, today),
            end=o.period_end,
            duration_weeks=o.duration_weeks,
            format=o.format,
            learning=frozenset(),
            offered=frozenset(t.pk for t in o.learning_tags.all()),
            vacancy=True,
            sought=frozenset(p.pk for p in o.professions.all()),
        )
        for o in openings
    }


def declined_links() -> set[tuple[int, int]]:
    """(request, post it would have taken) pairs a member has said no to: not
    proposed again. A vacant post is keyed by its opening's id negated."""
    return {
        (request_id, takes_id if takes_id is not None else -opening_id)
        for request_id, takes_id, opening_id in ProposalMember.objects.filter(
            answer=Answer.NO
        ).values_list("request_id", "takes_id", "proposal__opening_id")
    }


def compatibility(posts: dict[int, Post], relations, declined=frozenset()):
    """Every arc u → v among ``posts`` with its link (u takes v's post)."""
    by_profession: dict[int, list[Post]] = {}
    for post in posts.values():
        for profession in post.post_professions:
            by_profession.setdefault(profession, []).append(post)
    links: dict[tuple[int, int], Link] = {}
    for u in posts.values():
        if u.vacancy:
            continue  # a vacant post takes no one's post
        for profession in u.wished_professions:
            for v in by_profession.get(profession, ()):
                if (u.id, v.id) in links or (u.id, v.id) in declined:
                    continue
                found = link(u, v, relations)
                if found is not None:
                    links[(u.id, v.id)] = found
    return links


def engine_id(key: int) -> str:
    """A post's id in the engine's instance: the request's id, or "o" and the
    opening's id for a vacant post."""
    return f"o{-key}" if key < 0 else str(key)


def post_key(engine_id_: str) -> int:
    return -int(engine_id_[1:]) if engine_id_.startswith("o") else int(engine_id_)


def instance_for(posts: dict[int, Post], links, max_cycle_length: int) -> dict:
    """The engine's instance (see exchange.matching): periods and each
    member's minimum overlap ride along, so whole rotations share enough."""
    return {
        "max_cycle_length": max_cycle_length,
        # The engine checks each ring's common stretch against the largest
        # need among its members (a wished duration, else this minimum).
        "min_overlap_days": MIN_OVERLAP_DAYS,
        "requests": [
            {
                "id": engine_id(key),
                "available_from": post.start.isoformat(),
                "available_to": post.end.isoformat(),
                "min_overlap_days": post.need_days,
            }
            for key, post in posts.items()
        ],
        "arcs": [
            {"from": engine_id(u), "to": engine_id(v), "weight": found.score}
            for (u, v), found in links.items()
        ],
        "vacancies": [engine_id(key) for key, post in posts.items() if post.vacancy],
    }
