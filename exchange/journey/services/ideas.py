"""After the swap: ideas the home workplace will try, each with an owner at
home and a day to follow up, and how each went."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.posted import horizon, required_text
from exchange.journey.models import Idea, Journey, Owner
from exchange.journey.selectors import JourneyAccess, idea_owner_candidates
from exchange.journey.services._common import bounded, in_home, journey_path, require_role
from notifications.services import mail_for, send_after_commit


def idea_add(
    *, actor: User, access: JourneyAccess, text: str, owner_id: int, follow_up_on: date | None
) -> Idea:
    """The swapper or the home leader notes an idea the home workplace will
    try, with an owner among idea_owner_candidates (told by mail unless they
    noted it themselves) and a day to follow up. Journey.DoesNotExist for the
    other participants."""
    require_role(access, Owner.SWAPPER, Owner.HOME_LEADER)
    text = bounded(required_text(text, "text", _("Write the idea.")), 5000, "text")
    owner = {u.pk: u for u in idea_owner_candidates(access)}.get(owner_id)
    errors = {}
    if owner is None:
        errors["owner"] = [_("Choose the swapper, the home leader or HR as the owner.")]
    if follow_up_on is None or not timezone.localdate() <= follow_up_on <= horizon():
        errors["follow_up_on"] = [_("Choose a day from today and at most five years ahead.")]
    if errors:
        raise ValidationError(errors)
    with in_home(access), transaction.atomic():
        idea = Idea.objects.create(
            journey=access.journey, text=text, owner_id=owner.pk, follow_up_on=follow_up_on
        )
        audit_record_local(actor=actor, action="journey.idea_added", target=idea)
    if owner.pk != actor.pk:
        send_after_commit(
            [
                mail_for(
                    owner, "journey/mail/idea_owner.txt", journey_path(access.journey), idea=idea
                )
            ]
        )
    return idea


def idea_follow_up(*, actor: User, access: JourneyAccess, idea_id: int, outcome: str) -> Idea:
    """The follow-up: how the idea went (the swapper, the home leader or HR).
    Journey.DoesNotExist alike for a missing idea, another journey's and the
    other participants."""
    require_role(access, Owner.SWAPPER, Owner.HOME_LEADER, Owner.HR)
    outcome = bounded(required_text(outcome, "outcome", _("Write how it went.")), 5000, "outcome")
    with in_home(access), transaction.atomic():
        idea = Idea.objects.select_for_update().filter(pk=idea_id, journey=access.journey).first()
        if idea is None:
            raise Journey.DoesNotExist
        idea.outcome = outcome
        idea.save(update_fields=["outcome"])
        audit_record_local(actor=actor, action="journey.idea_followed_up", target=idea)
    return idea
