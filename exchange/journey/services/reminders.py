"""Daily reminders of the swap journey (tasks.reminders, once per
municipality): checklist items due, quiet logbooks, ideas due for follow-up."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from exchange.journey.models import ChecklistItem, Idea, Journey, Owner
from exchange.journey.services._common import journey_path
from exchange.models import SwapParty
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people

# Days without an entry before a logbook counts as quiet, by cadence.
QUIET_AFTER = {"daily": 2, "weekly": 8}


def reminders_send(*, today: date | None = None) -> int:
    """Checklist items due within three days (or overdue) to their owners,
    quiet logbooks to their swappers, ideas due for follow-up to their
    owners; returns the number of mails. Each reminded at most once a day
    (an idea once a week). The platform calls it (no actor), in the
    municipality's schema; safe to run twice."""
    today = today or timezone.localdate()
    mails = []
    with transaction.atomic():
        for item in (
            ChecklistItem.objects.select_for_update()
            .select_related("journey")
            .filter(
                done_at=None,
                due_on__lte=today + timedelta(days=3),
                journey__period_start__gte=today,  # the list is for before the start
            )
        ):
            if item.reminded_on == today:
                continue
            party = (
                SwapParty.objects.select_related("home_municipality", "host_municipality")
                .filter(pk=item.journey.party_id)
                .first()
            )
            if party is None:
                continue
            for user in _owners(item.owner, item.journey, party):
                mails.append(
                    mail_for(
                        user,
                        "journey/mail/checklist_due.txt",
                        journey_path(item.journey),
                        item=item,
                    )
                )
            item.reminded_on = today
            item.save(update_fields=["reminded_on"])
        for journey in Journey.objects.select_for_update().filter(
            period_start__lte=today, period_end__gte=today
        ):
            quiet = QUIET_AFTER[journey.cadence]
            last = (
                journey.logbook.order_by("-entry_date").values_list("entry_date", flat=True).first()
            )
            since = last or journey.period_start - timedelta(days=1)
            if (today - since).days < quiet:
                continue
            if journey.logbook_reminded_on and (today - journey.logbook_reminded_on).days < quiet:
                continue
            swapper = User.objects.filter(pk=journey.swapper_id, is_active=True).first()
            if swapper is not None:
                mails.append(
                    mail_for(
                        swapper,
                        "journey/mail/logbook_quiet.txt",
                        journey_path(journey),
                        journey=journey,
                    )
                )
            journey.logbook_reminded_on = today
            journey.save(update_fields=["logbook_reminded_on"])
        for idea in (
            Idea.objects.select_for_update()
            .select_related("journey")
            .filter(follow_up_on__lte=today, outcome="")
        ):
            if idea.reminded_on and (today - idea.reminded_on).days < 7:
                continue
            idea.reminded_on = today
            idea.save(update_fields=["reminded_on"])
            owner = User.objects.filter(pk=idea.owner_id, is_active=True).first()
            if owner is not None:
                mails.append(
                    mail_for(
                        owner, "journey/mail/idea_due.txt", journey_path(idea.journey), idea=idea
                    )
                )
        send_after_commit(mails)
    return len(mails)


def _owners(owner: str, journey: Journey, party: SwapParty) -> list[User]:
    """Who is reminded of a checklist item: its owner on this journey (the
    coach's items go to HR while no coach is assigned)."""
    if owner == Owner.SWAPPER:
        return list(User.objects.filter(pk=journey.swapper_id, is_active=True))
    if owner == Owner.HOME_LEADER:
        return people.home_leaders(party)
    if owner == Owner.HOST_LEADER:
        return people.host_leaders(party)
    if owner == Owner.COACH:
        return (
            list(User.objects.filter(pk=journey.coach_id, is_active=True))
            if journey.coach_id
            else people.hr_of(party.home_municipality)
        )
    return people.hr_of(party.home_municipality)
