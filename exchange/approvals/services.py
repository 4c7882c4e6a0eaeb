"""Leader approvals and MED acknowledgements of swaps, recorded in the
deciding municipality's own schema; the public swap gets the cross-border
summary in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_local, audit_record_public
from exchange.approvals.models import Approval, Decision, Side, Step
from exchange.models import Swap, SwapParty, SwapStatus
from exchange.selectors import host_side_open
from exchange.services.swaps import swap_advance, swap_cancel
from notifications.services import mail_for, send_after_commit
from tenants.models import Municipality
from tenants.organisation import people


def _party_of(swap_id: int, party_id: int) -> SwapParty | None:
    """The party, only as a party of that swap (ids from a form are never
    trusted on their own)."""
    return (
        SwapParty.objects.select_related(
            "swap", "home_municipality", "host_municipality", "swapper"
        )
        .filter(pk=party_id, swap_id=swap_id)
        .first()
    )


def _side_visible(party: SwapParty, side: str) -> bool:
    """Whether the municipality on ``side`` may know of this party's swap yet:
    at home once the swapper has involved their leader; at the host once any
    swapper who works there has (exchange.selectors.host_side_open)."""
    if side == Side.HOME:
        return party.leader_involved_at is not None
    return host_side_open(party, list(party.swap.parties.all()))


def _party_for_side(actor: User, swap_id: int, party_id: int, side: str) -> SwapParty:
    """The party, if ``actor`` decides for ``side`` of it on this site: the
    swapper's own leader at home, a leader of the receiving workplace at the
    host, each only once that side may know of the swap. Otherwise
    DoesNotExist, the same as for a party that does not exist."""
    party = _party_of(swap_id, party_id)
    here = getattr(connection.tenant, "pk", None)
    if party is None or side not in Side.values or not _side_visible(party, side):
        raise SwapParty.DoesNotExist
    if side == Side.HOME:
        allowed = party.home_municipality_id == here and any(
            u.pk == actor.pk for u in people.home_leaders(party)
        )
    else:
        allowed = party.host_municipality_id == here and any(
            u.pk == actor.pk for u in people.host_leaders(party)
        )
    if not allowed:
        raise SwapParty.DoesNotExist
    return party


def _record(**fields) -> Approval:
    if Approval.objects.filter(
        party_id=fields["party_id"], side=fields["side"], step=fields["step"]
    ).exists():
        raise ValidationError(_("This has already been decided."))
    try:
        with transaction.atomic():
            return Approval.objects.create(**fields)
    except IntegrityError:  # a double submit racing the check above
        raise ValidationError(_("This has already been decided.")) from None


def _decide(
    *, actor: User, swap_id: int, party_id: int, side: str, decision: str, reason: str
) -> tuple[Approval, SwapParty]:
    """Record a leader's decision for their side (see _party_for_side for
    who may); deciding twice is refused. The approval, and the party it is
    for."""
    party = _party_for_side(actor, swap_id, party_id, side)
    if party.swap.status != SwapStatus.AWAITING_APPROVAL:
        raise ValidationError(_("The swap no longer awaits approval."))
    if decision == Decision.DECLINED and not reason:
        raise ValidationError({"reason": _("Give a reason for declining.")})
    approval = _record(
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
    return approval, party


@transaction.atomic
def approval_grant(*, actor: User, swap_id: int, party_id: int, side: str) -> Approval:
    """A leader approves a swap for their side: the swapper's own leader at
    home, a leader of the receiving workplace at the host. When both sides
    have, HR is asked for the MED acknowledgement where that step is on, and
    the swap goes on."""
    approval, party = _decide(
        actor=actor,
        swap_id=swap_id,
        party_id=party_id,
        side=side,
        decision=Decision.APPROVED,
        reason="",
    )
    field = "home_approved_at" if side == Side.HOME else "host_approved_at"
    SwapParty.objects.filter(pk=party.pk).update(**{field: timezone.now()})
    party.refresh_from_db()
    if party.home_approved_at and party.host_approved_at:
        ask_for_med(party)
    swap_advance(party.swap)
    return approval


@transaction.atomic
def approval_decline(
    *, actor: User, swap_id: int, party_id: int, side: str, reason: str
) -> Approval:
    """A leader declines a swap for their side, with a reason; the swap ends
    for everyone."""
    approval, party = _decide(
        actor=actor,
        swap_id=swap_id,
        party_id=party_id,
        side=side,
        decision=Decision.DECLINED,
        reason=(reason or "").strip(),
    )
    swap_cancel(
        actor=actor,
        swap=party.swap,
        reason=reason,
        status=SwapStatus.DECLINED,
        authorised=True,
    )
    return approval


def ask_for_med(party: SwapParty, only=None) -> None:
    """Both leaders have approved: HR of a side that requires the MED step is
    asked to record the acknowledgement (only ``only``'s HR, if given)."""
    mails = []
    for side, municipality, done in (
        (Side.HOME, party.home_municipality, party.home_med_acknowledged_at),
        (Side.HOST, party.host_municipality, party.host_med_acknowledged_at),
    ):
        if only is not None and municipality.pk != only.pk:
            continue
        if municipality.med_acknowledgement_required and not done:
            mails += [
                mail_for(
                    user,
                    "exchange/mail/med_needed.txt",
                    f"/exchange/swaps/{party.swap_id}/",
                    party=party,
                    side=side,
                )
                for user in people.hr_of(municipality)
            ]
    send_after_commit(mails)


@transaction.atomic
def med_acknowledge(*, actor: User, swap_id: int, party_id: int, side: str) -> Approval:
    """HR records the MED / union representative's acknowledgement for its
    side, where the municipality has switched the step on, once that side may
    know of the swap."""
    party = _party_of(swap_id, party_id)
    here = getattr(connection.tenant, "pk", None)
    if (
        party is None
        or side not in Side.values
        or not actor.has_role(Role.HR)
        or not _side_visible(party, side)
    ):
        raise SwapParty.DoesNotExist
    municipality = party.home_municipality if side == Side.HOME else party.host_municipality
    if municipality.pk != here or actor.municipality_id != here:
        raise SwapParty.DoesNotExist
    if not municipality.med_acknowledgement_required:
        raise ValidationError(_("The municipality has not switched on the MED step."))
    if party.swap.status != SwapStatus.AWAITING_APPROVAL:
        raise ValidationError(_("The swap no longer awaits approval."))
    approval = _record(
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


def decidable_sides(actor: User, party: SwapParty) -> list[str]:
    """For the swap page: the sides of ``party`` that ``actor`` may decide on
    this site now (the rules of _party_for_side, without raising)."""
    sides = []
    for side, done in ((Side.HOME, party.home_approved_at), (Side.HOST, party.host_approved_at)):
        if done:
            continue
        try:
            _party_for_side(actor, party.swap_id, party.pk, side)
        except SwapParty.DoesNotExist:
            continue
        sides.append(side)
    return sides


@transaction.atomic
def med_step_set(*, actor: User, municipality: Municipality, required: bool) -> Municipality:
    """HR of the municipality switches the MED / union acknowledgement of its
    swaps on or off (it applies to swaps still awaiting approval)."""
    if actor.municipality_id != municipality.pk or not actor.has_role(Role.HR):
        raise Municipality.DoesNotExist
    if municipality.med_acknowledgement_required == required:
        return municipality
    Municipality.objects.filter(pk=municipality.pk).update(med_acknowledgement_required=required)
    municipality.med_acknowledgement_required = required
    audit_record_public(
        actor=actor,
        action="municipality.med_step_changed",
        target=municipality,
        municipality=municipality,
        data={"required": required},
    )
    if required:
        # Parties already approved by both leaders now wait for MED: ask HR.
        waiting = SwapParty.objects.filter(
            Q(home_municipality=municipality) | Q(host_municipality=municipality),
            swap__status=SwapStatus.AWAITING_APPROVAL,
            home_approved_at__isnull=False,
            host_approved_at__isnull=False,
        ).select_related("swap", "swapper", "home_municipality", "host_municipality")
        for party in waiting:
            ask_for_med(party, only=municipality)
    else:
        # Swaps that only waited for this step go on.
        for swap in Swap.objects.filter(
            Q(parties__home_municipality=municipality) | Q(parties__host_municipality=municipality),
            status=SwapStatus.AWAITING_APPROVAL,
        ).distinct():
            swap_advance(swap)
    return municipality
