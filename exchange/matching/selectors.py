"""Reads of matching: proposals (for their members and for HR of a
municipality whose employee is in one) and runs (for HR of a member
municipality). Missing and not-yours are the same DoesNotExist."""

from django.db.models import Case, Prefetch, Q, Value, When

from accounts.models import Role
from config.posted import storable_id
from exchange.models import MatchProposal, MatchRun, ProposalMember
from exchange.selectors import network_ids


def _proposal_queryset():
    return MatchProposal.objects.select_related(
        "network", "swap", "opening__municipality"
    ).prefetch_related(
        Prefetch(
            "members",
            queryset=ProposalMember.objects.select_related(
                "request__municipality",
                "request__profession",
                "takes__municipality",
                "takes__profession",
                "proposal__opening__municipality",
            ).order_by("position"),
        )
    )


def proposal_for_viewer(*, user, proposal_id: int):
    """A proposal the user is a member of, or — for HR — one an employee of
    their municipality is in; DoesNotExist alike for missing and not theirs.
    Sets ``viewer_member`` (the user's own membership or None)."""
    if not storable_id(proposal_id) or user.municipality_id is None:
        raise MatchProposal.DoesNotExist
    scope = Q(pk__in=ProposalMember.objects.filter(owner_id=user.pk).values("proposal_id"))
    if user.has_role(Role.HR):
        scope |= Q(
            pk__in=ProposalMember.objects.filter(
                request__municipality_id=user.municipality_id
            ).values("proposal_id")
        )
    proposal = _proposal_queryset().filter(scope).get(pk=proposal_id)
    members = list(proposal.members.all())
    proposal.viewer_member = next((m for m in members if m.owner_id == user.pk), None)
    return proposal


def proposals_of(user):
    """The proposals the user is (or was) in, live ones first."""
    return (
        _proposal_queryset()
        .filter(pk__in=ProposalMember.objects.filter(owner_id=user.pk).values("proposal_id"))
        .annotate(live_first=Case(When(status="proposed", then=Value(0)), default=Value(1)))
        .order_by("live_first", "-created_at", "-pk")
    )


def municipality_proposals(municipality):
    """Proposals an employee of ``municipality`` is in (for its HR)."""
    return _proposal_queryset().filter(
        pk__in=ProposalMember.objects.filter(request__municipality=municipality).values(
            "proposal_id"
        )
    )


def runs_for(municipality):
    """The matching runs of the networks ``municipality`` belongs to."""
    return MatchRun.objects.filter(network_id__in=network_ids(municipality)).select_related(
        "network", "requested_by"
    )
