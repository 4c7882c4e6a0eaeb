"""Applications to openings and the swaps they become: apply, withdraw,
decline, accept (which takes a place), involve one's leader, and the
agreement: drawn up when both sides have approved, accepted by every party,
re-opened by any change."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_public
from config.posted import horizon, required_text
from exchange import hooks
from exchange.models import (
    Agreement,
    AgreementAcceptance,
    Application,
    ApplicationStatus,
    Interest,
    Message,
    Opening,
    OpeningStatus,
    Swap,
    SwapParty,
    SwapStatus,
)
from exchange.selectors import host_side_open
from exchange.selectors.swaps import acceptance_roles_of, acceptors, may_cancel, may_post
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


def _swap_path(swap) -> str:
    return f"/exchange/swaps/{swap.pk}/"


@transaction.atomic
def application_submit(
    *,
    actor: User,
    opening: Opening,
    motivation: str,
    goal_self: str,
    goal_workplaces: str,
    goal_organisation: str,
) -> Application:
    """An employee applies to an opening their municipality may see (the
    caller has fetched it with selectors.opening_for_viewer)."""
    errors = {}
    for field, value in (
        ("motivation", motivation),
        ("goal_self", goal_self),
        ("goal_workplaces", goal_workplaces),
        ("goal_organisation", goal_organisation),
    ):
        if not (value or "").strip():
            errors[field] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status != OpeningStatus.PUBLISHED or opening.places_left < 1:
        raise ValidationError(_("The opening no longer takes applications."))
    if Application.objects.filter(
        opening=opening,
        applicant=actor,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED],
    ).exists():
        raise ValidationError(_("You have already applied to this opening."))
    application = Application(
        opening=opening,
        applicant=actor,
        applicant_municipality=actor.municipality,
        motivation=motivation.strip(),
        goal_self=goal_self.strip(),
        goal_workplaces=goal_workplaces.strip(),
        goal_organisation=goal_organisation.strip(),
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("You have already applied to this opening.")) from None
    audit_record_public(
        actor=actor,
        action="application.submitted",
        target=application,
        municipality=opening.municipality,
        data={"opening": opening.pk},
    )
    send_after_commit(
        [
            mail_for(
                manager,
                "exchange/mail/application_submitted.txt",
                f"/exchange/openings/{opening.pk}/",
                opening=opening,
                application=application,
            )
            for manager in people.opening_managers(opening)
        ]
    )
    return application


def _close(application: Application, status: str, reason: str, actor: User) -> None:
    """Give an answered application its final status and reason, audited."""
    application.status = status
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_at"])
    audit_record_public(
        actor=actor,
        action=f"application.{status}",
        target=application,
        municipality=application.opening.municipality,
        data={"reason": reason},
    )


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, reason: str) -> Application:
    """The applicant withdraws (a reason is required)."""
    reason = required_text(reason, "reason", _("Give a reason for withdrawing."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != actor.pk:
        raise Application.DoesNotExist
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only an application that awaits an answer can be withdrawn."))
    _close(application, ApplicationStatus.WITHDRAWN, reason, actor)
    return application


@transaction.atomic
def application_decline(*, actor: User, application: Application, reason: str) -> Application:
    """The opening's manager declines (a reason is required, and is sent)."""
    reason = required_text(reason, "reason", _("Give a reason for declining."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id == actor.pk:
        raise Application.DoesNotExist
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("The application has already been answered."))
    _close(application, ApplicationStatus.DECLINED, reason, actor)
    send_after_commit(
        [
            mail_for(
                application.applicant,
                "exchange/mail/application_declined.txt",
                "/exchange/my-swaps/",
                application=application,
                reason=reason,
            )
        ]
    )
    return application


@transaction.atomic
def application_accept(*, actor: User, application: Application) -> Swap:
    """The opening's manager accepts: the application takes a place and
    becomes a swap awaiting both leaders' approval. The opening's row lock
    serialises acceptances; the database refuses more swappers than places
    even if that lock were missed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    opening = Opening.objects.select_for_update().get(pk=application.opening_id)
    if application.applicant_id == actor.pk:
        raise Application.DoesNotExist  # nobody answers their own application
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("The application has already been answered."))
    if opening.places_left < 1 or opening.status != OpeningStatus.PUBLISHED:
        raise ValidationError(_("The opening has no place left."))
    if not people.opening_leaders(opening):
        raise ValidationError(
            _("No leader is registered at %(w)s to approve the swap; ask HR to register one first.")
            % {"w": opening.workplace_name}
        )
    take_place(opening)
    application.status = ApplicationStatus.ACCEPTED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    start, end = opening.period_start, opening.period_end
    if opening.duration_weeks:
        end = min(end, start + timedelta(weeks=opening.duration_weeks) - timedelta(days=1))
    swap = Swap.objects.create(
        opening=opening, application=application, period_start=start, period_end=end
    )
    party = SwapParty.objects.create(
        swap=swap,
        swapper=application.applicant,
        home_municipality=application.applicant_municipality,
        host_municipality=opening.municipality,
        host_workplace_unit_id=opening.workplace_unit_id,
        host_workplace_name=opening.workplace_name,
    )
    audit_record_public(
        actor=actor,
        action="application.accepted",
        target=application,
        municipality=opening.municipality,
        data={"swap": swap.pk},
    )
    audit_record_public(
        actor=actor,
        action="swap.created",
        target=swap,
        municipality=application.applicant_municipality,
    )
    path = _swap_path(swap)
    send_after_commit(
        [
            mail_for(
                application.applicant,
                "exchange/mail/application_accepted.txt",
                path,
                swap=swap,
                party=party,
            )
        ]
        + [
            mail_for(leader, "exchange/mail/approval_needed_host.txt", path, swap=swap, party=party)
            for leader in people.host_leaders(party)
        ]
    )
    return swap


def take_place(opening: Opening) -> None:
    """A swapper takes one of the opening's places (the caller holds the
    opening's row lock); the last place fills it."""
    Opening.objects.filter(pk=opening.pk).update(places_taken=F("places_taken") + 1)
    opening.refresh_from_db()
    if opening.places_left == 0:
        Opening.objects.filter(pk=opening.pk).update(status=OpeningStatus.FILLED)


@transaction.atomic
def swap_involve_leader(*, actor: User, party: SwapParty) -> SwapParty:
    """The swapper decides when to involve their own leader: from now on the
    leader sees the swap and is asked to approve it."""
    party = SwapParty.objects.select_for_update().select_related("swap").get(pk=party.pk)
    if party.swapper_id != actor.pk:
        raise SwapParty.DoesNotExist
    if party.swap.status != SwapStatus.AWAITING_APPROVAL:
        raise ValidationError(_("The swap no longer awaits approval."))
    if party.leader_involved_at is None:
        party.leader_involved_at = timezone.now()
        party.save(update_fields=["leader_involved_at"])
        audit_record_public(
            actor=actor,
            action="swap.leader_involved",
            target=party.swap,
            municipality=party.home_municipality,
        )
        leaders = people.home_leaders(party)
        if not leaders:
            raise ValidationError(
                _("No leader is registered for you. Ask HR to register your leader.")
            )

        path = _swap_path(party.swap)
        mails = {
            u.pk: mail_for(
                u, "exchange/mail/approval_needed_home.txt", path, swap=party.swap, party=party
            )
            for u in leaders
        }
        # In a mutual swap the receiving side of the other swapper opens now too.
        parties = list(
            party.swap.parties.select_related("swapper", "home_municipality", "host_municipality")
        )
        for other in parties:
            if (
                other.pk != party.pk
                and other.host_municipality_id == party.home_municipality_id
                and host_side_open(other, parties)
            ):
                for u in people.host_leaders(other):
                    mails.setdefault(
                        u.pk,
                        mail_for(
                            u,
                            "exchange/mail/approval_needed_host.txt",
                            path,
                            swap=party.swap,
                            party=other,
                        ),
                    )
        send_after_commit(list(mails.values()))
    return party


def approvals_complete(party: SwapParty) -> bool:
    """Every approval the party needs: both leaders, and MED where the home or
    host municipality requires it."""
    if not (party.home_approved_at and party.host_approved_at):
        return False
    if party.home_municipality.med_acknowledgement_required and not party.home_med_acknowledged_at:
        return False
    return not (
        party.host_municipality.med_acknowledgement_required and not party.host_med_acknowledged_at
    )


def swap_advance(swap: Swap) -> Swap:
    """Called inside the deciding transaction after an approval: when every
    party has every approval, the agreement is drawn up and sent for
    acceptance."""
    swap = Swap.objects.select_for_update().get(pk=swap.pk)
    parties = list(swap.parties.select_related("home_municipality", "host_municipality", "swapper"))
    if swap.status != SwapStatus.AWAITING_APPROVAL or not all(
        approvals_complete(p) for p in parties
    ):
        return swap
    opening = swap.opening
    agreement = Agreement.objects.create(
        swap=swap,
        period_start=swap.period_start,
        period_end=swap.period_end,
        working_hours=_("As at the host workplace, agreed at the expectation meeting."),
        pay=_("Pay stays with the home employer throughout the swap."),
        holidays=_(
            "Holidays planned before the swap are kept; new holidays are agreed with both leaders."
        ),
        excluded_tasks=opening.excluded_tasks if opening else "",
        contacts=f"{opening.contact_name} <{opening.contact_email}>" if opening else "",
        right_to_return=_("The swapper returns to their own job at the end of the period."),
    )
    swap.status = SwapStatus.APPROVED
    swap.save(update_fields=["status", "updated_at"])
    audit_record_public(
        actor=None, action="agreement.drawn_up", target=swap, data={"agreement": agreement.pk}
    )
    _ask_to_accept(swap, agreement)
    return swap


def _ask_to_accept(swap, agreement) -> None:
    send_after_commit(
        [
            mail_for(
                user,
                "exchange/mail/agreement_to_accept.txt",
                _swap_path(swap),
                swap=swap,
                agreement=agreement,
            )
            for _party, _role, users in acceptors(swap)
            for user in users
        ]
    )


@transaction.atomic
def agreement_accept(*, actor: User, swap: Swap, version: int) -> Swap:
    """Accept the current version of the agreement in every role the actor
    holds on the swap (swapper, home leader, host leader). When every party
    has accepted this version, the swap is agreed."""
    swap = Swap.objects.select_for_update().get(pk=swap.pk)
    if swap.status != SwapStatus.APPROVED:
        raise ValidationError(_("There is no agreement awaiting acceptance."))
    agreement = Agreement.objects.select_for_update().get(swap=swap)
    if version != agreement.version:
        raise ValidationError(
            _("The agreement has changed since you read it. Read version %(v)s and accept again.")
            % {"v": agreement.version}
        )
    roles = acceptance_roles_of(actor, swap)
    if not roles:
        raise Swap.DoesNotExist
    for party, role in roles:
        AgreementAcceptance.objects.get_or_create(
            agreement=agreement,
            version=agreement.version,
            party=party,
            role=role,
            defaults={"accepted_by": actor},
        )
    audit_record_public(
        actor=actor,
        action="agreement.accepted",
        target=swap,
        data={"version": agreement.version, "roles": sorted(r for _p, r in roles)},
    )
    accepted = set(
        agreement.acceptances.filter(version=agreement.version).values_list("party_id", "role")
    )
    if all((party.pk, role) in accepted for party, role, _users in acceptors(swap)):
        swap.status = SwapStatus.AGREED
        swap.agreed_at = swap.agreed_at or timezone.now()
        swap.save(update_fields=["status", "agreed_at", "updated_at"])
        # The journey (checklist, logbook, …) starts in each home schema, or
        # follows a changed period.
        hooks.swap_agreed.send(sender=Swap, swap=swap)
        swap.requests.filter(status__in=["active", "matched"]).update(status="matched")
        audit_record_public(actor=None, action="swap.agreed", target=swap)
        send_after_commit(
            [
                mail_for(user, "exchange/mail/swap_agreed.txt", _swap_path(swap), swap=swap)
                for user in {u.pk: u for _p, _r, users in acceptors(swap) for u in users}.values()
            ]
        )
    return swap


AGREEMENT_FIELDS = (
    "period_start",
    "period_end",
    "working_hours",
    "pay",
    "holidays",
    "excluded_tasks",
    "contacts",
    "right_to_return",
    "substitute_needed",
)


@transaction.atomic
def agreement_change(*, actor: User, swap: Swap, changes: dict) -> Agreement:
    """Change the agreement (e.g. extend the period). Any change makes a new
    version and re-opens acceptance by every party. A party to the swap
    (swapper or one of its leaders) calls it."""
    swap = Swap.objects.select_for_update().get(pk=swap.pk)
    if not acceptance_roles_of(actor, swap):
        raise Swap.DoesNotExist
    if swap.status not in (SwapStatus.APPROVED, SwapStatus.AGREED):
        raise ValidationError(_("The agreement cannot be changed now."))
    agreement = Agreement.objects.select_for_update().get(swap=swap)
    changed = {
        k: v for k, v in changes.items() if k in AGREEMENT_FIELDS and getattr(agreement, k) != v
    }
    if not changed:
        return agreement
    for field, value in changed.items():
        setattr(agreement, field, value)

    if agreement.period_end > horizon():
        raise ValidationError({"period_end": _("Plan at most five years ahead.")})
    if agreement.period_end < agreement.period_start:
        raise ValidationError(
            {"period_end": _("The period must end on or after the day it starts.")}
        )
    for field in ("working_hours", "pay", "right_to_return"):
        if not str(getattr(agreement, field)).strip():
            raise ValidationError({field: _("This field is required.")})
    agreement.version = F("version") + 1
    agreement.save()
    agreement.refresh_from_db()
    swap.period_start, swap.period_end = agreement.period_start, agreement.period_end
    swap.status = SwapStatus.APPROVED
    swap.save(update_fields=["period_start", "period_end", "status", "updated_at"])
    audit_record_public(
        actor=actor,
        action="agreement.changed",
        target=swap,
        data={"version": agreement.version, "fields": sorted(changed)},
    )
    _ask_to_accept(swap, agreement)
    return agreement


@transaction.atomic
def swap_cancel(
    *,
    actor: User,
    swap: Swap,
    reason: str,
    status: str = SwapStatus.CANCELLED,
    authorised: bool = False,
) -> Swap:
    """End a swap before it is agreed: a swapper or the opening's manager
    calls it off (see may_cancel), or a leader declines (approvals, which
    passes ``authorised``). The place is released, the application and the
    swap requests are closed or freed, and whoever already knew of the swap
    is told. Anyone else gets DoesNotExist, whatever reason they give."""
    swap = Swap.objects.select_for_update().get(pk=swap.pk)
    if not authorised and not may_cancel(actor, swap):
        raise Swap.DoesNotExist
    reason = required_text(reason, "reason", _("Give a reason."))
    if swap.status not in (SwapStatus.AWAITING_APPROVAL, SwapStatus.APPROVED) or swap.agreed_at:
        # An agreed swap is changed through its agreement, with every party.
        raise ValidationError(_("The swap can no longer be cancelled here."))
    swap.status = status
    swap.cancelled_reason = reason
    swap.save(update_fields=["status", "cancelled_reason", "updated_at"])
    if swap.opening_id:
        opening = Opening.objects.select_for_update().get(pk=swap.opening_id)
        if opening.status == OpeningStatus.FILLED:
            reopened = (
                OpeningStatus.PUBLISHED
                if opening.expires_on >= timezone.localdate()
                else OpeningStatus.EXPIRED
            )
        else:
            reopened = opening.status
        Opening.objects.filter(pk=opening.pk).update(
            places_taken=F("places_taken") - 1, status=reopened
        )
    if swap.application_id:
        # The applicant may apply again later; the reason stays on record.
        Application.objects.filter(pk=swap.application_id).update(
            status=ApplicationStatus.DECLINED
            if status == SwapStatus.DECLINED
            else ApplicationStatus.WITHDRAWN,
            decision_reason=reason,
            decided_at=timezone.now(),
        )
    # Swap requests of a mutual swap go back to the pool (unless withdrawn
    # meanwhile), and their old interest no longer blocks a new match.
    request_ids = list(swap.requests.values_list("pk", flat=True))
    swap.requests.filter(status="matched").update(status="active")
    Interest.objects.filter(from_request_id__in=request_ids, to_request_id__in=request_ids).delete()
    audit_record_public(actor=actor, action=f"swap.{status}", target=swap, data={"reason": reason})

    recipients = {}
    parties = list(swap.parties.select_related("swapper", "home_municipality", "host_municipality"))
    for party in parties:
        # Only those who already know of the swap are told it stopped.
        told = [party.swapper]
        if party.leader_involved_at:
            told += people.home_leaders(party)
        if host_side_open(party, parties):
            told += people.host_leaders(party)
        for user in told:
            recipients[user.pk] = user
    send_after_commit(
        [
            mail_for(
                user, "exchange/mail/swap_cancelled.txt", _swap_path(swap), swap=swap, reason=reason
            )
            for user in recipients.values()
            if user.pk != getattr(actor, "pk", None)
        ]
    )
    return swap


@transaction.atomic
def message_post(*, actor: User, swap: Swap, body: str) -> Message:
    """Post to the thread of a live swap; only its parties (may_post) can."""
    if not may_post(actor, swap):
        raise Swap.DoesNotExist
    if swap.status not in (SwapStatus.AWAITING_APPROVAL, SwapStatus.APPROVED, SwapStatus.AGREED):
        raise ValidationError(_("The swap has ended; its thread is closed."))
    body = required_text(body, "body", _("Write a message."))
    message = Message.objects.create(swap=swap, author=actor, body=body[:5000])
    audit_record_public(
        actor=actor, action="swap.message_posted", target=swap, data={"message": message.pk}
    )
    return message
