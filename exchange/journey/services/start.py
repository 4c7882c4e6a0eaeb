"""A journey starts when the swap is agreed (exchange.hooks.swap_agreed, see
receivers.py), in each swapper's home municipality's schema, with the
municipality's checklist due before the start and its first coach; signed
again after a change, it follows the new period."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.services import audit_record_local
from exchange.journey.models import ChecklistItem, Journey
from exchange.journey.services._common import journey_path
from exchange.journey.services.checklist import checklist_template_items
from exchange.models import Swap
from notifications.services import mail_for, send_after_commit


def journeys_start(*, swap: Swap) -> None:
    """The agreement is signed: each swapper's journey starts in their home
    municipality's schema, with the checklist due before the start, and the
    swapper and the coach are told. Signed again after a change, the journey
    follows the new period. The platform calls it (no actor: the audit says
    so) inside the transaction that agreed the swap; safe to call twice."""
    for party in swap.parties.select_related("home_municipality", "swapper"):
        with tenant_context(party.home_municipality):
            existing = Journey.objects.select_for_update().filter(party_id=party.pk).first()
            if existing is not None:
                _journey_follow_period(existing, swap)
                continue
            coach = (
                User.objects.filter(
                    municipality_id=party.home_municipality_id,
                    is_active=True,
                    memberships__role=Role.COACH,
                )
                .exclude(pk=party.swapper_id)
                .order_by("full_name", "pk")
                .first()
            )
            journey = Journey.objects.create(
                swap_id=swap.pk,
                party_id=party.pk,
                swapper_id=party.swapper_id,
                coach=coach,
                period_start=swap.period_start,
                period_end=swap.period_end,
            )
            today = timezone.localdate()
            for item in checklist_template_items():
                ChecklistItem.objects.create(
                    journey=journey,
                    title=item.title,
                    description=item.description,
                    owner=item.owner,
                    due_on=max(today, swap.period_start - timedelta(days=item.days_before_start)),
                )
            audit_record_local(actor=None, action="journey.started", target=journey)
            mails = [
                mail_for(
                    party.swapper,
                    "journey/mail/started.txt",
                    journey_path(journey),
                    journey=journey,
                )
            ]
            if coach is not None:
                mails.append(
                    mail_for(
                        coach,
                        "journey/mail/coach_assigned.txt",
                        journey_path(journey),
                        journey=journey,
                        swapper=party.swapper,
                    )
                )
            send_after_commit(mails)


def _journey_follow_period(journey: Journey, swap: Swap) -> None:
    """A changed agreement moved the period: the journey follows, and open
    checklist items move with the start (never before today)."""
    shift = swap.period_start - journey.period_start
    if not shift and journey.period_end == swap.period_end:
        return
    today = timezone.localdate()
    for item in journey.checklist.filter(done_at=None):
        item.due_on = max(today, item.due_on + shift)
        item.save(update_fields=["due_on"])
    journey.period_start, journey.period_end = swap.period_start, swap.period_end
    journey.save(update_fields=["period_start", "period_end"])
    audit_record_local(actor=None, action="journey.period_changed", target=journey)
