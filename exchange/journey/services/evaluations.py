"""After the swap: the swapper evaluates each learning goal on the three
levels (for me, for the two workplaces, for the organisation)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.posted import required_text
from exchange.journey.models import GoalEvaluation, GoalLevel, Outcome, Owner
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import bounded, in_home, require_role


def goal_evaluation_save(
    *, actor: User, access: JourneyAccess, level: str, outcome: str, words: str
) -> GoalEvaluation:
    """The swapper evaluates a learning goal on one of the three levels, once
    the swap has begun; evaluating a level again replaces the evaluation.
    Journey.DoesNotExist for anyone else."""
    require_role(access, Owner.SWAPPER)
    if level not in GoalLevel.values:
        raise ValidationError({"level": [_("Choose the level.")]})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose met, partly met or not met.")]})
    words = bounded(required_text(words, "words", _("Say it in your own words.")), 5000, "words")
    if access.journey.period_start > timezone.localdate():
        raise ValidationError(_("The goals are evaluated once the swap has begun."))
    with in_home(access), transaction.atomic():
        evaluation, _created = GoalEvaluation.objects.update_or_create(
            journey=access.journey, level=level, defaults={"outcome": outcome, "words": words}
        )
        audit_record_local(
            actor=actor,
            action="journey.goal_evaluated",
            target=evaluation,
            data={"level": level, "outcome": outcome},
        )
    return evaluation
