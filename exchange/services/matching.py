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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record_public
from exchange import people
from exchange.compatibility import Link, Post, common_window, link, window_ok
from exchange.models import (
    Answer,
    MatchProposal,
    MatchRun,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    RunStatus,
    RunTrigger,
    Swap,
    SwapParty,
    SwapRequest,
)
from exchange.notify import mail_for, send_after_commit
from exchange.services.rules import required_text

logger = logging.getLogger(__name__)

# How long a run may search before it settles for its best proven-gap answer.
SOLVER_TIME_LIMIT = 120.0


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


def _posts(requests, today) -> dict[int, Post]:
    """Posts for swap requests (a queryset), their windows clipped to start
    no earlier than ``today``."""
    from tenants.models import NetworkMembership

    requests = list(
        requests.select_related("municipality").prefetch_related(
            "wished_professions", "wished_municipalities", "learning_tags", "offered_tags"
        )
    )
    networks: dict[int, set[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.filter(
        municipality_id__in={r.municipality_id for r in requests}
    ).values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, set()).add(network_id)
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


def pool(network, today=None) -> dict[int, Post]:
    """The swap requests a run over ``network`` may match: active, from a
    member municipality, in no live proposal, with time left, and with a
    leader registered at the workplace (looked up in each municipality's own
    schema) to approve the swap if it comes to that."""
    today = today or timezone.localdate()
    candidates = (
        SwapRequest.objects.filter(
            municipality__network_memberships__network=network,
            status=RequestStatus.ACTIVE,
            period_end__gte=today,
        )
        .exclude(proposal_memberships__live=True)
        .distinct()
    )
    units_by_municipality: dict = {}
    for municipality_id, unit_id in candidates.values_list("municipality_id", "workplace_unit_id"):
        units_by_municipality.setdefault(municipality_id, set()).add(unit_id)
    from tenants.models import Municipality

    keep = Q(pk__in=[])
    for municipality in Municipality.objects.filter(pk__in=units_by_municipality):
        led = people.workplaces_with_leaders(municipality, units_by_municipality[municipality.pk])
        keep |= Q(municipality=municipality, workplace_unit_id__in=led)
    posts = _posts(candidates.filter(keep), today)
    return {pk: post for pk, post in posts.items() if (post.end - post.start).days + 1 >= 1}


def declined_links() -> set[tuple[int, int]]:
    """(request, post it would have taken) pairs a member has said no to:
    not proposed again."""
    return set(
        ProposalMember.objects.filter(answer=Answer.NO).values_list("request_id", "takes_id")
    )


def compatibility(posts: dict[int, Post], relations, declined=frozenset()):
    """Every arc u → v among ``posts`` with its link (u takes v's post)."""
    by_profession: dict[int, list[Post]] = {}
    for post in posts.values():
        by_profession.setdefault(post.profession_id, []).append(post)
    links: dict[tuple[int, int], Link] = {}
    for u in posts.values():
        for profession in u.wished_professions:
            for v in by_profession.get(profession, ()):
                if (u.id, v.id) in declined:
                    continue
                found = link(u, v, relations)
                if found is not None:
                    links[(u.id, v.id)] = found
    return links


def instance_for(posts: dict[int, Post], links, max_cycle_length: int) -> dict:
    """The engine's instance (see exchange.matching): periods and each
    member's minimum overlap ride along, so whole rotations share enough."""
    return {
        "max_cycle_length": max_cycle_length,
        "requests": [
            {
                "id": str(post.id),
                "available_from": post.start.isoformat(),
                "available_to": post.end.isoformat(),
                "min_overlap_days": post.need_days,
            }
            for post in posts.values()
        ],
        "arcs": [
            {"from": str(u), "to": str(v), "weight": found.score} for (u, v), found in links.items()
        ],
    }


# --- Runs --------------------------------------------------------------------


@transaction.atomic
def run_request(*, actor, network, max_cycle_length: int = 3) -> MatchRun:
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
    )
    audit_record_public(
        actor=actor,
        action="matching.requested",
        target=run,
        municipality=actor.municipality,
        data={"network": network.slug, "max_cycle_length": max_cycle_length},
    )
    return run


# A run that has waited or run this long lost its worker (a restart, say):
# it is marked failed so that the network can be matched again.
STALLED_AFTER = timedelta(hours=2)


def run_create(*, network, trigger, requested_by=None, max_cycle_length=3) -> MatchRun:
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
    if run.status != RunStatus.QUEUED:
        return run
    started = time.perf_counter()
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="collecting", progress=1
    )
    try:
        posts = pool(run.network)
        links = compatibility(posts, relation_map(), declined_links())
        MatchRun.objects.filter(pk=run.pk).update(requests_count=len(posts), arcs_count=len(links))
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
        written = _write_proposals(run, result["cycles"], posts, links)
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
def _write_proposals(run, cycles, posts, links) -> int:
    """One proposal per cycle whose requests are all still free (a request
    may have been withdrawn or joined a swap while the run solved)."""
    written = 0
    mails = []
    for cycle in cycles:
        ids = [int(x) for x in cycle]
        first = ids.index(min(ids))
        ids = ids[first:] + ids[:first]  # the same ring, from its lowest id
        locked = {
            r.pk: r
            for r in SwapRequest.objects.select_for_update()
            .select_related("owner")
            .filter(pk__in=ids)
        }
        if len(locked) != len(ids) or any(
            r.status != RequestStatus.ACTIVE for r in locked.values()
        ):
            continue
        members = [posts[i] for i in ids]
        if not window_ok(members):
            continue
        try:
            with transaction.atomic():
                proposal = _create_proposal(
                    run=run,
                    network=run.network,
                    ring=[locked[i] for i in ids],
                    posts=posts,
                    links=links,
                )
        except IntegrityError:
            continue  # someone joined another live proposal meanwhile
        written += 1
        mails += [
            mail_for(member.owner, "proposal_new", _proposals_path(proposal), proposal=proposal)
            for member in proposal.members.select_related("owner")
        ]
    send_after_commit(mails)
    if written:
        audit_record_public(
            actor=None, action="matching.proposed", target=run, data={"proposals": written}
        )
    return written


def _create_proposal(*, run, network, ring, posts, links, fallback_of=None, answers=None):
    """A proposal for ``ring`` (requests in order: each takes the next one's
    post, the last the first's). ``answers`` carries earlier yes-answers
    over where a member's link did not change."""
    answers = answers or {}
    start, end, _need = common_window([posts[r.pk] for r in ring])
    ring_links = [
        (r, ring[(i + 1) % len(ring)], links[(r.pk, ring[(i + 1) % len(ring)].pk)])
        for i, r in enumerate(ring)
    ]
    proposal = MatchProposal.objects.create(
        run=run,
        network=network,
        period_start=start,
        period_end=end,
        score=sum(found.score for _r, _t, found in ring_links),
        fallback_of=fallback_of,
    )
    now = timezone.now()
    for position, (request, takes, found) in enumerate(ring_links):
        carried = answers.get((request.pk, takes.pk)) == Answer.YES
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
        _start_swap(proposal, actor)
    return proposal


def _end(proposal, status, *, leaving: ProposalMember) -> None:
    """End a live proposal because ``leaving`` said no or left the pool; the
    others fall back to the best smaller swap among themselves, or return to
    the pool."""
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    members = list(proposal.members.select_related("request", "owner").order_by("position"))
    ProposalMember.objects.filter(proposal=proposal).update(live=False)
    rest = [m for m in members if m.pk != leaving.pk]
    fallback = _fallback(proposal, rest)
    mails = []
    if fallback is not None:
        in_fallback = {m.owner_id for m in fallback.members.all()}
        mails += [
            mail_for(m.owner, "proposal_changed", _proposals_path(fallback), proposal=fallback)
            for m in fallback.members.select_related("owner")
            if m.answer == Answer.PENDING
        ]
        rest = [m for m in rest if m.owner_id not in in_fallback]
    mails += [
        mail_for(m.owner, "proposal_back_to_pool", _proposals_path(proposal), proposal=proposal)
        for m in rest
    ]
    # A fallback ring is never a sub-ring of the original, so at least one of
    # its members has a new post to answer for: it always waits for answers.
    send_after_commit(mails)


def _fallback(proposal, rest: list[ProposalMember]) -> MatchProposal | None:
    """The best swap (most people, then score) among ``rest``, using their
    current requests and not what any of them has said no to."""
    requests = [m.request for m in rest if m.request.status == RequestStatus.ACTIVE]
    if len(requests) < 2:
        return None
    posts = _posts(
        SwapRequest.objects.filter(pk__in=[r.pk for r in requests]), timezone.localdate()
    )
    links = compatibility(posts, relation_map(), declined_links())
    best = None
    for size in range(len(requests), 1, -1):
        for combo in itertools.permutations(requests, size):
            if combo[0].pk != min(r.pk for r in combo):
                continue  # each ring once, rooted at its smallest id
            pairs = [(r.pk, combo[(i + 1) % size].pk) for i, r in enumerate(combo)]
            if not all(pair in links for pair in pairs):
                continue
            if not window_ok([posts[r.pk] for r in combo]):
                continue
            score = sum(links[pair].score for pair in pairs)
            if best is None or score > best[0]:
                best = (score, list(combo))
        if best is not None:
            break
    if best is None:
        return None
    answers = {(m.request_id, m.takes_id): m.answer for m in rest}
    return _create_proposal(
        run=proposal.run,
        network=proposal.network,
        ring=best[1],
        posts=posts,
        links=links,
        fallback_of=proposal,
        answers=answers,
    )


def _start_swap(proposal, actor) -> Swap:
    """Everyone said yes: the members are revealed to each other and a swap
    starts, awaiting each swapper's choice to involve their leader and the
    leaders' approval, as in the exchange."""
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
    for member in members:
        if not people.workplace_leaders(member.takes.municipality, member.takes.workplace_unit_id):
            raise ValidationError(
                _(
                    "No leader is registered at one of the workplaces to approve the swap; "
                    "HR must register one first."
                )
            )
    start, end = proposal.period_start, proposal.period_end
    longest = max((r.duration_weeks or 0) for r in requests.values())
    if longest:
        end = min(end, start + timedelta(weeks=longest) - timedelta(days=1))
    swap = Swap.objects.create(period_start=start, period_end=end)
    swap.requests.set(list(requests.values()))
    for member in members:
        SwapParty.objects.create(
            swap=swap,
            swapper=member.owner,
            home_municipality_id=member.request.municipality_id,
            host_municipality_id=member.takes.municipality_id,
            host_workplace_unit_id=member.takes.workplace_unit_id,
            host_workplace_name=member.takes.workplace_name,
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
    send_after_commit(
        [
            mail_for(
                member.owner,
                "proposal_accepted",
                f"/exchange/swaps/{swap.pk}/",
                swap=swap,
                others=[m.owner for m in members if m.pk != member.pk],
            )
            for member in members
        ]
    )
    return swap


def release_request(request: SwapRequest, *, actor) -> None:
    """``request`` leaves the pool (withdrawn, or it joined a swap by mutual
    interest): a live proposal it is in ends, and the others fall back."""
    member = (
        ProposalMember.objects.select_related("proposal").filter(request=request, live=True).first()
    )
    if member is None:
        return
    proposal = MatchProposal.objects.select_for_update().get(pk=member.proposal_id)
    if proposal.status == ProposalStatus.PROPOSED:
        audit_record_public(
            actor=actor, action="proposal.withdrawn", target=proposal, data={"request": request.pk}
        )
        _end(proposal, ProposalStatus.WITHDRAWN, leaving=member)
