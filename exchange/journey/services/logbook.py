"""During the swap: the swapper's logbook — how often they mean to write,
the entries (within the swap period, never ahead) and whom each is shared
with. Private to the swapper unless shared."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.posted import required_text
from exchange.journey.models import Journey, LogbookEntry, Owner
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import bounded, in_home, require_role


def logbook_cadence_set(*, actor: User, access: JourneyAccess, cadence: str) -> Journey:
    """The swapper chooses to write daily or weekly (the quiet-logbook
    reminder follows it). Journey.DoesNotExist for anyone else. Not audited
    (a preference, as before the re-homing)."""
    require_role(access, Owner.SWAPPER)
    if cadence not in ("daily", "weekly"):
        raise ValidationError({"cadence": [_("Choose daily or weekly.")]})
    with in_home(access), transaction.atomic():
        Journey.objects.filter(pk=access.journey.pk).update(cadence=cadence)
        access.journey.cadence = cadence
    return access.journey


def logbook_entry_add(
    *,
    actor: User,
    access: JourneyAccess,
    entry_date: date | None,
    text: str,
    coach: bool = False,
    leaders: bool = False,
    colleagues: bool = False,
) -> LogbookEntry:
    """The swapper writes in their logbook: a day within the swap period and
    not in the future; private unless shared. Journey.DoesNotExist for anyone
    else."""
    require_role(access, Owner.SWAPPER)
    journey = access.journey
    text = bounded(required_text(text, "text", _("Write something.")), 20000, "text")
    if entry_date is None:
        raise ValidationError({"entry_date": [_("Choose the day.")]})
    if not journey.period_start <= entry_date <= journey.period_end:
        raise ValidationError(
            {
                "entry_date": [
                    _("Choose a day in the swap period, %(a)s to %(b)s.")
                    % {"a": journey.period_start, "b": journey.period_end}
                ]
            }
        )
    if entry_date > timezone.localdate():
        raise ValidationError({"entry_date": [_("The logbook is written afterwards, not ahead.")]})
    with in_home(access), transaction.atomic():
        entry = LogbookEntry.objects.create(
            journey=journey,
            entry_date=entry_date,
            text=text,
            shared_with_coach=bool(coach),
            shared_with_leaders=bool(leaders),
            shared_with_colleagues=bool(colleagues),
        )
        audit_record_local(actor=actor, action="journey.logbook_written", target=entry)
    return entry


def logbook_entry_share(
    *,
    actor: User,
    access: JourneyAccess,
    entry_id: int,
    coach: bool,
    leaders: bool,
    colleagues: bool,
) -> LogbookEntry:
    """The swapper decides who may read an entry: the coach, both leaders,
    the colleagues at home (HR never). Journey.DoesNotExist alike for a
    missing entry, another journey's and anyone but the swapper."""
    require_role(access, Owner.SWAPPER)
    with in_home(access), transaction.atomic():
        entry = (
            LogbookEntry.objects.select_for_update()
            .filter(pk=entry_id, journey=access.journey)
            .first()
        )
        if entry is None:
            raise Journey.DoesNotExist
        entry.shared_with_coach, entry.shared_with_leaders, entry.shared_with_colleagues = (
            bool(coach),
            bool(leaders),
            bool(colleagues),
        )
        entry.save(
            update_fields=["shared_with_coach", "shared_with_leaders", "shared_with_colleagues"]
        )
        audit_record_local(actor=actor, action="journey.logbook_shared", target=entry)
    return entry
