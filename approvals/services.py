"""Leader approvals and MED acknowledgements of swaps, recorded in the
deciding municipality's own schema; the public swap gets the cross-border
summary in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from approvals.models import Approval, Decision, Side, Step
from audit.services import audit_record_local
from exchange import people
from exchange.models import SwapParty, SwapStatus
from exchange.services.swaps import swap_advance, swap_cancel


def _party_for_side(actor, party_id: int, side: str) -> SwapParty:
    """The party, if ``actor`` decides for ``side`` of it on this site:
    the swapper's own leader at home (once the swapper has involved them), a
    leader of the receiving workplace at the host. Otherwise DoesNotExist,
    the same as for a party that does not exist."""
    party = (
        SwapParty.objects.select_related(
            "swap", "home_municipality", "host_municipality", "swapper"
        )
        .filter(pk=party_id)
        .first()
    )
    here = getattr(connection.tenant, "pk", None)
    if party is None or side not in Side.values:
        raise SwapParty.DoesNotExist
    if side == Side.HOME:
        allowed = (
            party.home_municipality_id == here
            and party.leader_involved_at is not None
            and any(u.pk == actor.pk for u in people.home_leaders(party))
        )
    else:
        from exchange.selectors import host_side_open

        allowed = (
            party.host_municipality_id == here
            and host_side_open(party, list(party.swap.parties.all()))
            and any(u.pk == actor.pk for u in people.host_leaders(party))
        )
    if not allowed:
        raise SwapParty.DoesNotExist
    return party


@transaction.atomic
def approval_decide(
    *, actor, party_id: int, side: str, decision: str, reason: str = ""
) -> Approval:
    """A leader approves or declines a swap for their side (see
    _party_for_side for who may). Declining needs a reason and ends the swap.
    Deciding twice is refused."""
    party = _party_for_side(actor, party_id, side)
    if party.swap.status != SwapStatus.AWAITING_APPROVAL:
        raise ValidationError(_("The swap no longer awaits approval."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Approve or decline.")})
    reason = (reason or "").strip()
    if decision == Decision.DECLINED and not reason:
        raise ValidationError({"reason": _("Give a reason for declining.")})
    if Approval.objects.filter(party_id=party.pk, side=side, step=Step.LEADER).exists():
        raise ValidationError(_("This has already been decided."))
    approval = Approval.objects.create(
        swap_id=party.swap_id,
        party_id=party.pk,
        side=side,
        step=Step.LEADER,
        decision=decision,
        reason=reason,
        decided_by=actor,
    )
    audit_record_local(
        actor=actor,
        action=f"swap.leader_{decision}",
        target=party.swap,
        data={"side": side, "party": party.pk},
    )
    if decision == Decision.DECLINED:
        swap_cancel(actor=actor, swap=party.swap, reason=reason, status=SwapStatus.DECLINED)
        return approval
    field = "home_approved_at" if side == Side.HOME else "host_approved_at"
    SwapParty.objects.filter(pk=party.pk).update(**{field: timezone.now()})
    swap_advance(party.swap)
    return approval


@transaction.atomic
def med_acknowledge(*, actor, party_id: int, side: str) -> Approval:
    """HR records the MED / union representative's acknowledgement for its
    side, where the municipality has switched the step on."""
    party = (
        SwapParty.objects.select_related("swap", "home_municipality", "host_municipality")
        .filter(pk=party_id)
        .first()
    )
    here = getattr(connection.tenant, "pk", None)
    if party is None or side not in Side.values or not actor.has_role(Role.HR):
        raise SwapParty.DoesNotExist
    municipality = party.home_municipality if side == Side.HOME else party.host_municipality
    if municipality.pk != here or actor.municipality_id != here:
        raise SwapParty.DoesNotExist
    if not municipality.med_acknowledgement_required:
        raise ValidationError(_("The municipality has not switched on the MED step."))
    if party.swap.status != SwapStatus.AWAITING_APPROVAL:
        raise ValidationError(_("The swap no longer awaits approval."))
    if Approval.objects.filter(party_id=party.pk, side=side, step=Step.MED).exists():
        raise ValidationError(_("This has already been decided."))
    approval = Approval.objects.create(
        swap_id=party.swap_id,
        party_id=party.pk,
        side=side,
        step=Step.MED,
        decision=Decision.APPROVED,
        decided_by=actor,
    )
    audit_record_local(
        actor=actor, action="swap.med_acknowledged", target=party.swap, data={"side": side}
    )
    field = "home_med_acknowledged_at" if side == Side.HOME else "host_med_acknowledged_at"
    SwapParty.objects.filter(pk=party.pk).update(**{field: timezone.now()})
    swap_advance(party.swap)
    return approval
