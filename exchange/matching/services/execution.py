"""Doing a queued run: collect the pool, build the compatibility arcs, solve
with the engine and write the proposals, saving progress as it goes."""

import logging
import time

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit_record_public
from exchange.matching.engine import parse_instance, solve
from exchange.matching.services.pool import (
    compatibility,
    declined_links,
    instance_for,
    pool,
    post_key,
    relation_map,
)
from exchange.matching.services.proposals import create_proposal, proposals_path, steps_of
from exchange.models import MatchRun, Opening, OpeningStatus, RequestStatus, RunStatus, SwapRequest
from notifications.services import mail_for, send_after_commit

logger = logging.getLogger(__name__)

# How long a run may search before it settles for its best proven-gap answer.
SOLVER_TIME_LIMIT = 120.0


def _progress(run_id: int, percent: int, stage: str) -> None:
    # Outside any transaction: HR sees each step as it happens.
    MatchRun.objects.filter(pk=run_id).update(progress=max(0, min(100, percent)), stage=stage)


def run_execute(run_id: int) -> MatchRun:
    """Do a queued run: collect the pool, build the compatibility arcs, solve
    and write the proposals. Progress is saved as it goes."""
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
                proposal = create_proposal(
                    run=run,
                    network=run.network,
                    steps=steps_of(requests, links, opening=opening),
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
                proposals_path(proposal),
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
