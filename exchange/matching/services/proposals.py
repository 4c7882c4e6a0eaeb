"""Proposals: each member says yes or no to the post they would take over;
when everyone has said yes the proposal becomes a swap awaiting the leaders'
approval, as in the exchange. When someone says no (or leaves the pool), the
others fall back to a smaller swap among themselves where one exists, or
return to the pool for the next run. Unanswered proposals expire.

Identities stay hidden until everyone has said yes: members and HR see
each other's posts as profession, kind of workplace and municipality."""

import itertools
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import User
from audit.services import audit_record_public
from config.posted import required_text
from exchange.matching.compatibility import common_window, window_ok
from exchange.matching.services.pool import (
    compatibility,
    declined_links,
    posts_of_requests,
    relation_map,
    vacancy_pool,
)
from exchange.models import (
    Answer,
    MatchProposal,
    Opening,
    OpeningStatus,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    Swap,
    SwapParty,
    SwapRequest,
)
from exchange.services.swaps import take_place
from notifications.services import mail_for, send_after_commit
from tenants.models import Municipality
from tenants.organisation import people

# How long members have to answer a proposal before it expires.
ANSWER_WITHIN = timedelta(days=14)


def proposals_path(proposal=None) -> str:
    return f"/exchange/proposals/{proposal.pk}/" if proposal else "/exchange/proposals/"


def steps_of(requests, links, *, opening=None):
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


def create_proposal(*, run, network, steps, window, opening=None, fallback_of=None, answers=None):
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


def _answer(actor: User, proposal: MatchProposal, answer: str, reason: str) -> ProposalMember:
    """Record the actor's answer, after the locks every answer takes."""
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
    if answer == Answer.NO:
        reason = required_text(reason, "reason", _("Give a reason for saying no."))
    member.answer = answer
    member.answered_at = timezone.now()
    member.decline_reason = reason if answer == Answer.NO else ""
    member.save(update_fields=["answer", "answered_at", "decline_reason"])
    audit_record_public(
        actor=actor,
        action="proposal.answered",
        target=proposal,
        municipality=actor.municipality,
        data={"answer": member.answer},
    )
    member.proposal = proposal
    return member


@transaction.atomic
def proposal_accept(*, actor: User, proposal: MatchProposal) -> MatchProposal:
    """A member says yes to the post they would take over. When everyone has
    said yes, the swap starts (or, if it cannot, the proposal closes and
    ``closed_reason`` says why)."""
    proposal = _answer(actor, proposal, Answer.YES, "").proposal
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


@transaction.atomic
def proposal_decline(*, actor: User, proposal: MatchProposal, reason: str) -> MatchProposal:
    """A member says no, with a reason (shown to no one by name). The proposal
    ends and the others fall back to a smaller swap where one exists."""
    member = _answer(actor, proposal, Answer.NO, reason)
    _end(member.proposal, ProposalStatus.DECLINED, leaving=member)
    return member.proposal


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
                proposals_path(smaller),
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
            proposals_path(proposal),
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
    posts = posts_of_requests(
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
            score = sum(found.score for _r, _t, found in steps_of(prefix, links, opening=opening))
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
    return create_proposal(
        run=proposal.run,
        network=proposal.network,
        steps=steps_of(chosen, links, opening=chosen_opening),
        window=window,
        opening=chosen_opening,
        fallback_of=proposal,
        answers=answers,
    )


def _start_swap(proposal, actor: User) -> Swap:
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


def release_request(request: SwapRequest, *, actor: Actor) -> None:
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


def release_opening(opening, *, actor: Actor) -> None:
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
