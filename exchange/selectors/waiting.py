"""What waits for a person to act in the exchange (their start page's
"waiting for you"): applications to answer, swaps to ask one's leader about,
approve or accept, MED acknowledgements, and proposals from matching."""

from django.utils.translation import gettext as _

from accounts.models import Role
from exchange.models import Answer, Application, ApplicationStatus, ProposalMember, SwapStatus
from exchange.selectors.openings import managed_openings
from exchange.selectors.swaps import acceptance_roles_of, host_side_open, swaps_for
from notifications.waiting import WaitingItem
from tenants.organisation import people


def waiting_for(user) -> list[WaitingItem]:
    """What waits for ``user`` to act, across openings and swaps."""
    items: list[WaitingItem] = []
    if user.municipality_id is None:
        return items
    if user.has_role(Role.HR) or user.has_role(Role.LEADER):
        pending = (
            Application.objects.filter(
                opening__in=managed_openings(user), status=ApplicationStatus.SUBMITTED
            )
            .select_related("opening")
            .order_by("created_at")
        )
        for application in pending:
            items.append(
                WaitingItem(
                    _("Answer an application to “%(t)s”") % {"t": application.opening.title},
                    f"/exchange/openings/{application.opening_id}/",
                )
            )
    for swap in swaps_for(user):
        url = f"/exchange/swaps/{swap.pk}/"
        parties = list(swap.parties.all())
        if swap.status == SwapStatus.AWAITING_APPROVAL:
            for party in parties:
                if party.swapper_id == user.pk and party.leader_involved_at is None:
                    items.append(WaitingItem(_("Ask your leader to approve your swap"), url))
                home_here = user.municipality_id == party.home_municipality_id
                host_here = user.municipality_id == party.host_municipality_id
                if (
                    "home_leader" in swap.viewer_roles
                    and home_here
                    and party.leader_involved_at
                    and party.home_approved_at is None
                    and any(u.pk == user.pk for u in people.home_leaders(party))
                ):
                    items.append(
                        WaitingItem(
                            _("Approve or decline the swap of %(n)s")
                            % {"n": party.swapper.full_name},
                            url,
                        )
                    )
                if (
                    "host_leader" in swap.viewer_roles
                    and host_here
                    and host_side_open(party, parties)
                    and party.host_approved_at is None
                    and any(u.pk == user.pk for u in people.host_leaders(party))
                ):
                    items.append(
                        WaitingItem(
                            _("Approve or decline a swapper coming to %(w)s")
                            % {"w": party.host_workplace_name},
                            url,
                        )
                    )
                if "hr" in swap.viewer_roles and party.home_approved_at and party.host_approved_at:
                    for here, municipality, done in (
                        (home_here, party.home_municipality, party.home_med_acknowledged_at),
                        (host_here, party.host_municipality, party.host_med_acknowledged_at),
                    ):
                        if here and municipality.med_acknowledgement_required and not done:
                            items.append(
                                WaitingItem(_("Record the MED acknowledgement of a swap"), url)
                            )
        elif swap.status == SwapStatus.APPROVED:
            agreement = swap.agreement
            mine = acceptance_roles_of(user, swap)
            given = set(
                agreement.acceptances.filter(version=agreement.version).values_list(
                    "party_id", "role"
                )
            )
            if any((p.pk, role) not in given for p, role in mine):
                items.append(WaitingItem(_("Accept the swap agreement"), url))
    for member in ProposalMember.objects.filter(
        owner_id=user.pk, live=True, answer=Answer.PENDING
    ).values_list("proposal_id", flat=True):
        items.append(
            WaitingItem(_("Answer a proposed swap from matching"), f"/exchange/proposals/{member}/")
        )
    return items
