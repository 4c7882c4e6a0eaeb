"""Matching in the product: a run over a network's published swap requests
writes proposals (pairs and rotations); each member says yes or no to the
post they would take over; when everyone has said yes the proposal becomes a
swap awaiting the leaders' approval, as in the exchange. When someone says
no, the others fall back to a smaller swap among themselves where one
exists, or return to the pool for the next run.

Identities stay hidden until everyone has said yes: members and HR see
each other's posts as profession, kind of workplace and municipality."""

import itertools
import logging
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record_public
from config.posted import required_text
from exchange.compatibility import (
    MIN_OVERLAP_DAYS,
    Link,
    Post,
    common_window,
    link,
    window_ok,
)
from exchange.models import (
    Answer,
    MatchProposal,
    MatchRun,
    Opening,
    OpeningStatus,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    RunStatus,
    RunTrigger,
    Swap,
    SwapKind,
    SwapParty,
    SwapRequest,
)
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people

logger = logging.getLogger(__name__)

# How long a run may search before it settles for its best proven-gap answer.
SOLVER_TIME_LIMIT = 120.0
# How long members have to answer a proposal before it expires.
ANSWER_WITHIN = timedelta(days=14)


def _proposals_path(proposal=None) -> str:
    return f"/exchange/proposals/{proposal.pk}/" if proposal else "/exchange/proposals/"


# --- Collecting the pool ----------------------------------------------------


def relation_map() -> dict[tuple[int, int], str]:
    from vocabulary.models import ProfessionRelation

    return {
        (a, b): kind
        for a, b, kind in ProfessionRelation.objects.values_list(
            "profession_a_id", "profession_b_id", "kind"
        )
    }


def _member_networks(municipality_ids) -> dict[int, set[int]]:
    """The networks each of ``municipality_ids`` belongs to."""
    from tenants.models import NetworkMembership

    networks: dict[int, set[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.filter(
        municipality_id__in=municipality_ids
    ).values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, set()).add(network_id)
    return networks


def _posts(requests, today) -> dict[int, Post]:
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
            location=(float(r.municipality.latitude), float(r.municipality.longitude)),
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
    from exchange.models.swaps import LIVE_SWAP

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
    posts = _posts(SwapRequest.objects.filter(pk__in=list(newest.values())), today)
    if vacancies:
        posts.update(vacancy_pool(network, today))
    return posts


def _led(pairs) -> Q:
    """A filter for the (municipality, workplace) ``pairs`` whose workplace
    has a leader, read in each municipality's own schema."""
    from tenants.models import Municipality

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
            location=(float(o.municipality.latitude), float(o.municipality.longitude)),
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


# --- Runs --------------------------------------------------------------------


@transaction.atomic
def run_request(
    *, actor, network, max_cycle_length: int = 3, use_vacancies: bool = True
) -> MatchRun:
    """HR of a member municipality asks for a run now. One run per network
    waits or runs at a time."""
    from tenants.models import NetworkMembership

    if (
        actor.municipality_id is None
        or not NetworkMembership.objects.filter(
            network=network, municipality_id=actor.municipality_id
        ).exists()
    ):
        raise MatchRun.DoesNotExist
    if not isinstance(max_cycle_length, int) or not 2 <= max_cycle_length <= 4:
        raise ValidationError(
            {"max_cycle_length": _("Choose a longest rotation from 2 to 4 people.")}
        )
    run = run_create(
        network=network,
        trigger=RunTrigger.ON_DEMAND,
        requested_by=actor,
        max_cycle_length=max_cycle_length,
        use_vacancies=use_vacancies,
    )
    audit_record_public(
        actor=actor,
        action="matching.requested",
        target=run,
        municipality=actor.municipality,
        data={
            "network": network.slug,
            "max_cycle_length": max_cycle_length,
            "use_vacancies": use_vacancies,
        },
    )
    return run


# A run that has waited or run this long lost its worker (a restart, say):
# it is marked failed so that the network can be matched again.
STALLED_AFTER = timedelta(hours=2)


def run_create(
    *, network, trigger, requested_by=None, max_cycle_length=3, use_vacancies=True
) -> MatchRun:
    """Queue a run and send it to the worker after commit; refuse a second
    one while one waits or runs (database constraint)."""
    MatchRun.objects.filter(
        network=network,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__lt=timezone.now() - STALLED_AFTER,
    ).update(status=RunStatus.FAILED, error="stalled", finished_at=timezone.now())
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                network=network,
                trigger=trigger,
                requested_by=requested_by,
                max_cycle_length=max_cycle_length,
                use_vacancies=use_vacancies,
            )
    except IntegrityError:
        raise ValidationError(_("A matching run for this network is already under way.")) from None
    from exchange.tasks import match_network

    transaction.on_commit(lambda: match_network.delay(run.pk))
    return run


def _progress(run_id: int, percent: int, stage: str) -> None:
    # Outside any transaction: HR sees each step as it happens.
    MatchRun.objects.filter(pk=run_id).update(progress=max(0, min(100, percent)), stage=stage)


def run_execute(run_id: int) -> MatchRun:
    """Do a queued run: collect the pool, build the compatibility arcs, solve
    and write the proposals. Progress is saved as it goes."""
    from exchange.matching import parse_instance, solve

    run = MatchRun.objects.select_related("network").get(pk=run_id)
    started = time.perf_counter()
    # Only one delivery of the task gets to run it.
    if not MatchRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="collecting", progress=1
    ):
        return run
    try:
        posts = pool(run.network, vacancies=run.use_vacancies)
        links = compatibility(posts, relation_map(), declined_links())
        MatchRun.objects.filter(pk=run.pk).update(
            requests_count=sum(not p.vacancy for p in posts.values()), arcs_count=len(links)
        )
        _progress(run.pk, 15, "solving")
        instance = parse_instance(instance_for(posts, links, run.max_cycle_length))
        result = solve(
            instance,
            time_limit=SOLVER_TIME_LIMIT,
            progress=lambda fraction, _message: _progress(
                run.pk, 15 + int(75 * fraction), "solving"
            ),
        )
        _progress(run.pk, 90, "writing")
        written = _write_proposals(run, result, posts, links)
    except Exception as error:  # the run is marked failed; the worker logs the rest
        logger.exception("Matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
        raise
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        stage="done",
        people_placed=result["people_matched"],
        upper_bound=result["upper_bound"],
        optimal=result["optimal"],
        proposals_count=written,
        finished_at=timezone.now(),
        seconds=time.perf_counter() - started,
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def _write_proposals(run, result, posts, links) -> int:
    """One proposal per cycle or chain whose requests are all still free (a
    request may have been withdrawn or joined a swap while the run solved)
    and, for a chain, whose vacant post still has a place."""
    written = 0
    mails = []
    shapes = [(None, [post_key(x) for x in cycle]) for cycle in result["cycles"]]
    shapes += [
        (-post_key(chain[0]), [post_key(x) for x in chain[1:]]) for chain in result["chains"]
    ]
    for opening_id, ids in shapes:
        if opening_id is None:
            first = ids.index(min(ids))
            ids = ids[first:] + ids[:first]  # the same ring, from its lowest id
        locked = {r.pk: r for r in SwapRequest.objects.select_for_update().filter(pk__in=ids)}
        if len(locked) != len(ids) or any(
            r.status != RequestStatus.ACTIVE for r in locked.values()
        ):
            continue
        opening = None
        if opening_id is not None:
            opening = Opening.objects.select_for_update().get(pk=opening_id)
            if opening.status != OpeningStatus.PUBLISHED or opening.places_left < 1:
                continue
        # The engine already held the ring to its members' common window.
        window = [posts[i] for i in ids] + ([posts[-opening_id]] if opening else [])
        requests = [locked[i] for i in ids]
        try:
            with transaction.atomic():
                proposal = _create_proposal(
                    run=run,
                    network=run.network,
                    steps=_steps(requests, links, opening=opening),
                    window=window,
                    opening=opening,
                )
        except IntegrityError:
            continue  # someone joined another live proposal meanwhile
        written += 1
        mails += [
            mail_for(
                member.owner,
                "exchange/mail/proposal_new.txt",
                _proposals_path(proposal),
                proposal=proposal,
            )
            for member in proposal.members.select_related("owner")
        ]
    send_after_commit(mails)
    if written:
        audit_record_public(
            actor=None, action="matching.proposed", target=run, data={"proposals": written}
        )
    return written


def _steps(requests, links, *, opening=None):
    """(request, the request whose post it takes or None, link) for each
    member. A ring: each takes the next one's post, the last the first's. A
    chain from ``opening``: the first takes the vacant post, each next member
    the previous one's."""
    if opening is None:
        return [
            (
                r,
                requests[(i + 1) % len(requests)],
                links[(r.pk, requests[(i + 1) % len(requests)].pk)],
            )
            for i, r in enumerate(requests)
        ]
    return [(requests[0], None, links[(requests[0].pk, -opening.pk)])] + [
        (r, requests[i - 1], links[(r.pk, requests[i - 1].pk)])
        for i, r in enumerate(requests)
        if i > 0
    ]


def _create_proposal(*, run, network, steps, window, opening=None, fallback_of=None, answers=None):
    """A proposal of ``steps`` (see _steps). ``answers`` carries earlier
    yes-answers over where a member's post to take did not change."""
    answers = answers or {}
    start, end, _need = common_window(window)
    proposal = MatchProposal.objects.create(
        run=run,
        network=network,
        opening=opening,
        period_start=start,
        period_end=end,
        score=sum(found.score for _r, _t, found in steps),
        fallback_of=fallback_of,
        answer_by=timezone.localdate() + ANSWER_WITHIN,
    )
    now = timezone.now()
    for position, (request, takes, found) in enumerate(steps):
        carried = takes is not None and answers.get((request.pk, takes.pk)) == Answer.YES
        ProposalMember.objects.create(
            proposal=proposal,
            position=position,
            request=request,
            owner_id=request.owner_id,
            takes=takes,
            score=found.score,
            explanation=found.explanation,
            answer=Answer.YES if carried else Answer.PENDING,
            answered_at=now if carried else None,
        )
    return proposal


# --- Answers -----------------------------------------------------------------


@transaction.atomic
def proposal_answer(
    *, actor, proposal: MatchProposal, yes: bool, reason: str = ""
) -> MatchProposal:
    """A member says yes or no to the post they would take over. A no ends the
    proposal and the others fall back to a smaller swap where one exists.
    When everyone has said yes, the swap starts."""
    # Lock order everywhere: the members' requests (by id), then the proposal,
    # as a withdrawal does (request, then its live proposal).
    list(
        SwapRequest.objects.select_for_update()
        .filter(proposal_memberships__proposal_id=proposal.pk)
        .order_by("pk")
    )
    proposal = MatchProposal.objects.select_for_update().get(pk=proposal.pk)
    member = proposal.members.filter(owner_id=actor.pk).first()
    if member is None:
        raise MatchProposal.DoesNotExist
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    if member.answer != Answer.PENDING:
        raise ValidationError(_("You have already answered."))
    if not yes:
        reason = required_text(reason, "reason", _("Give a reason for saying no."))
    member.answer = Answer.YES if yes else Answer.NO
    member.answered_at = timezone.now()
    member.decline_reason = "" if yes else reason
    member.save(update_fields=["answer", "answered_at", "decline_reason"])
    audit_record_public(
        actor=actor,
        action="proposal.answered",
        target=proposal,
        municipality=actor.municipality,
        data={"answer": member.answer},
    )
    if not yes:
        _end(proposal, ProposalStatus.DECLINED, leaving=member)
        return proposal
    if not proposal.members.exclude(answer=Answer.YES).exists():
        if proposal.opening_id and not _vacancy_open(proposal.opening_id):
            # The vacant post was filled another way meanwhile.
            _end(proposal, ProposalStatus.CLOSED, leaving=None, fallback=False)
            return proposal
        try:
            with transaction.atomic():
                _start_swap(proposal, actor)
        except ValidationError as error:
            # It cannot go ahead (a workplace lost its leader, say): close it
            # rather than leave everyone waiting, and say why.
            _end(proposal, ProposalStatus.CLOSED, leaving=None, fallback=False)
            proposal.closed_reason = " ".join(error.messages)
    return proposal


def _vacancy_open(opening_id: int) -> bool:
    opening = Opening.objects.select_for_update().get(pk=opening_id)
    return opening.status == OpeningStatus.PUBLISHED and opening.places_left > 0


def _end(proposal, status, *, leaving: ProposalMember | None, fallback: bool = True) -> None:
    """End a live proposal because ``leaving`` said no or left the pool (or,
    with None, because its vacant post is gone); the others fall back to the
    best smaller swap among themselves, or return to the pool."""
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    members = list(proposal.members.select_related("request", "owner").order_by("position"))
    ProposalMember.objects.filter(proposal=proposal).update(live=False)
    rest = [m for m in members if leaving is None or m.pk != leaving.pk]
    smaller = _fallback(proposal, members, leaving) if fallback else None
    mails = []
    if smaller is not None:
        in_fallback = {m.owner_id for m in smaller.members.all()}
        mails += [
            mail_for(
                m.owner,
                "exchange/mail/proposal_changed.txt",
                _proposals_path(smaller),
                proposal=smaller,
            )
            for m in smaller.members.select_related("owner")
        ]
        rest = [m for m in rest if m.owner_id not in in_fallback]
    # Only those still in the pool are told they are; a member who left
    # (withdrew, or swapped by mutual interest) knows why already.
    active = set(
        SwapRequest.objects.filter(
            pk__in=[m.request_id for m in rest], status=RequestStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    mails += [
        mail_for(
            m.owner,
            "exchange/mail/proposal_back_to_pool.txt",
            _proposals_path(proposal),
            proposal=proposal,
        )
        for m in rest
        if m.request_id in active
    ]
    # A fallback is never the old proposal with someone missing and every
    # answer intact: a smaller ring changes somebody's post, and a shortened
    # chain is asked again. So it always waits for answers.
    send_after_commit(mails)


def _fallback(proposal, members, leaving) -> MatchProposal | None:
    """The best smaller swap (most people, then score) among the members who
    stay: a ring among any of them, or — for a chain whose vacant post is
    still open — the chain up to the one who left. Uses their current
    requests and not what any of them has said no to."""
    rest = [
        m
        for m in members
        if (leaving is None or m.pk != leaving.pk) and m.request.status == RequestStatus.ACTIVE
    ]
    if not rest:
        return None
    requests = [m.request for m in rest]
    posts = _posts(
        SwapRequest.objects.filter(pk__in=[r.pk for r in requests]), timezone.localdate()
    )
    opening = None
    if proposal.opening_id and leaving is not None and leaving.position > 0:
        vacancy = vacancy_pool(proposal.network, timezone.localdate(), only=proposal.opening_id)
        if vacancy and _vacancy_open(proposal.opening_id):
            opening = proposal.opening
            posts.update(vacancy)
    links = compatibility(posts, relation_map(), declined_links())
    best = None  # (people, score, requests in order, opening or None)
    for size in range(len(requests), 1, -1):
        for combo in itertools.permutations(requests, size):
            if combo[0].pk != min(r.pk for r in combo):
                continue  # each ring once, rooted at its smallest id
            pairs = [(r.pk, combo[(i + 1) % size].pk) for i, r in enumerate(combo)]
            if not all(pair in links for pair in pairs):
                continue
            if not window_ok([posts[r.pk] for r in combo]):
                continue
            candidate = (size, sum(links[pair].score for pair in pairs), list(combo), None)
            best = max(best or candidate, candidate, key=lambda c: (c[0], c[1]))
    if opening is not None:
        prefix = [m.request for m in members[: leaving.position]]
        steps_ok = (prefix[0].pk, -opening.pk) in links and all(
            (r.pk, prefix[i - 1].pk) in links for i, r in enumerate(prefix) if i > 0
        )
        if steps_ok and window_ok([posts[r.pk] for r in prefix] + [posts[-opening.pk]]):
            score = sum(found.score for _r, _t, found in _steps(prefix, links, opening=opening))
            candidate = (len(prefix), score, prefix, opening)
            best = max(best or candidate, candidate, key=lambda c: (c[0], c[1]))
    if best is None:
        return None
    _people, _score, chosen, chosen_opening = best
    window = [posts[r.pk] for r in chosen] + ([posts[-chosen_opening.pk]] if chosen_opening else [])
    # A yes carries over only to the very same post for the very same period.
    same_period = common_window(window)[:2] == (proposal.period_start, proposal.period_end)
    answers = (
        {(m.request_id, m.takes_id): m.answer for m in rest if m.takes_id}
        if same_period and not chosen_opening
        else {}
    )
    return _create_proposal(
        run=proposal.run,
        network=proposal.network,
        steps=_steps(chosen, links, opening=chosen_opening),
        window=window,
        opening=chosen_opening,
        fallback_of=proposal,
        answers=answers,
    )


def _start_swap(proposal, actor) -> Swap:
    """Everyone said yes: the members are revealed to each other and a swap
    starts, awaiting each swapper's choice to involve their leader and the
    leaders' approval, as in the exchange. A chain takes one of its vacant
    post's places."""
    members = list(
        proposal.members.select_related("request", "takes", "owner").order_by("position")
    )
    requests = {
        r.pk: r
        for r in SwapRequest.objects.select_for_update().filter(
            pk__in=[m.request_id for m in members]
        )
    }
    if any(r.status != RequestStatus.ACTIVE for r in requests.values()):
        raise ValidationError(_("One of the requests is no longer active."))
    opening = proposal.opening
    hosts = []
    for member in members:
        if member.takes is None:
            hosts.append(
                (opening.municipality_id, opening.workplace_unit_id, opening.workplace_name)
            )
        else:
            takes = member.takes
            hosts.append((takes.municipality_id, takes.workplace_unit_id, takes.workplace_name))
    from tenants.models import Municipality

    places = {m.pk: m for m in Municipality.objects.filter(pk__in={h[0] for h in hosts})}
    for municipality_id, unit_id, _name in hosts:
        if not people.workplace_leaders(places[municipality_id], unit_id):
            raise ValidationError(
                _(
                    "No leader is registered at one of the workplaces to approve the swap; "
                    "HR must register one first."
                )
            )
    start, end = max(proposal.period_start, timezone.localdate()), proposal.period_end
    if end < start:
        raise ValidationError(_("The period everyone shared has passed."))
    durations = [r.duration_weeks or 0 for r in requests.values()]
    if opening is not None:
        durations.append(opening.duration_weeks or 0)
        from exchange.services.swaps import take_place

        take_place(Opening.objects.select_for_update().get(pk=opening.pk))
    if max(durations):
        end = min(end, start + timedelta(weeks=max(durations)) - timedelta(days=1))
    swap = Swap.objects.create(opening=opening, period_start=start, period_end=end)
    swap.requests.set(list(requests.values()))
    for member, (municipality_id, unit_id, name) in zip(members, hosts, strict=True):
        SwapParty.objects.create(
            swap=swap,
            swapper=member.owner,
            home_municipality_id=member.request.municipality_id,
            host_municipality_id=municipality_id,
            host_workplace_unit_id=unit_id,
            host_workplace_name=name,
        )
    SwapRequest.objects.filter(pk__in=list(requests)).update(status=RequestStatus.MATCHED)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.swap = swap
    proposal.save(update_fields=["status", "decided_at", "swap"])
    ProposalMember.objects.filter(proposal=proposal).update(live=False)
    audit_record_public(
        actor=actor,
        action="swap.created",
        target=swap,
        data={"proposal": proposal.pk, "requests": sorted(requests)},
    )
    path = f"/exchange/swaps/{swap.pk}/"
    mails = [
        mail_for(
            member.owner,
            "exchange/mail/proposal_accepted.txt",
            path,
            swap=swap,
            others=[m.owner for m in members if m.pk != member.pk],
        )
        for member in members
    ]
    if opening is not None:
        # The vacant post's side learns whom it receives, as for an accepted
        # application, and approves as the receiving side.
        party = swap.parties.get(swapper=members[0].owner)
        mails += [
            mail_for(leader, "exchange/mail/approval_needed_host.txt", path, swap=swap, party=party)
            for leader in people.host_leaders(party)
        ]
    send_after_commit(mails)
    return swap


def release_request(request: SwapRequest, *, actor) -> None:
    """``request`` leaves the pool (withdrawn, or it joined a swap by mutual
    interest): a live proposal it is in ends, and the others fall back. The
    caller holds the request's row lock; the membership is read again under
    the proposal's lock, since a concurrent no may have moved it into a
    fallback meanwhile."""
    while True:
        member = ProposalMember.objects.filter(request=request, live=True).first()
        if member is None:
            return
        proposal = MatchProposal.objects.select_for_update().get(pk=member.proposal_id)
        member = ProposalMember.objects.filter(request=request, live=True).first()
        if member is None or member.proposal_id != proposal.pk:
            continue
        audit_record_public(
            actor=actor, action="proposal.withdrawn", target=proposal, data={"request": request.pk}
        )
        _end(proposal, ProposalStatus.WITHDRAWN, leaving=member)
        return


def release_opening(opening, *, actor) -> None:
    """A vacant post changed or was withdrawn: live chains into it end (the
    members may still fall back to a ring among themselves)."""
    for proposal in MatchProposal.objects.select_for_update().filter(
        opening=opening, status=ProposalStatus.PROPOSED
    ):
        audit_record_public(
            actor=actor, action="proposal.withdrawn", target=proposal, data={"opening": opening.pk}
        )
        _end(proposal, ProposalStatus.CLOSED, leaving=None)


@transaction.atomic
def proposals_expire_due(today=None) -> int:
    """Daily: a proposal not answered by everyone in time expires; its members
    are free for the next run (their yes and no stay on record)."""
    today = today or timezone.localdate()
    expired = 0
    for proposal in MatchProposal.objects.select_for_update().filter(
        status=ProposalStatus.PROPOSED, answer_by__lt=today
    ):
        _end(proposal, ProposalStatus.EXPIRED, leaving=None, fallback=False)
        expired += 1
    return expired
