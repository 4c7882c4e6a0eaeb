"""After the swap: the sharing plan — how the swapper passes on what they
learnt at home (a staff meeting, the MED meeting, an intranet story, as an
ambassador), and when it is done."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.posted import horizon
from exchange.journey.models import Journey, Owner, SharingActivity, SharingKind
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import bounded, in_home, require_role


def sharing_activity_plan(
    *, actor: User, access: JourneyAccess, kind: str, planned_on: date | None, note: str = ""
) -> SharingActivity:
    """The swapper or the home leader plans a way to share, on a day from the
    start of the swap. Journey.DoesNotExist for the other participants."""
    require_role(access, Owner.SWAPPER, Owner.HOME_LEADER)
    if kind not in SharingKind.values:
        raise ValidationError({"kind": [_("Choose how to share.")]})
    note = bounded((note or "").strip(), 300, "note")
    if planned_on is None or not access.journey.period_start <= planned_on <= horizon():
        raise ValidationError({"planned_on": [_("Choose a day from the start of the swap.")]})
    with in_home(access), transaction.atomic():
        activity = SharingActivity.objects.create(
            journey=access.journey, kind=kind, planned_on=planned_on, note=note
        )
        audit_record_local(actor=actor, action="journey.sharing_planned", target=activity)
    return activity


def sharing_activity_mark_done(
    *, actor: User, access: JourneyAccess, activity_id: int
) -> SharingActivity:
    """The swapper or the home leader marks a planned sharing done; marking
    it again changes nothing. Journey.DoesNotExist alike for a missing
    activity, another journey's and the other participants."""
    require_role(access, Owner.SWAPPER, Owner.HOME_LEADER)
    with in_home(access), transaction.atomic():
        activity = (
            SharingActivity.objects.select_for_update()
            .filter(pk=activity_id, journey=access.journey)
            .first()
        )
        if activity is None:
            raise Journey.DoesNotExist
        if activity.done_at is None:
            activity.done_at = timezone.now()
            activity.save(update_fields=["done_at"])
            audit_record_local(actor=actor, action="journey.shared", target=activity)
    return activity
