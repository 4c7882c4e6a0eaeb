"""The coach: HR of the home municipality assigns one; the coach records the
talks (preparation, check-ins, debriefing), shared with the swapper only."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_local
from config.posted import required_text
from exchange.journey.models import CoachTalk, CoachTalkKind, Journey, Owner
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import bounded, in_home, journey_path, require_role
from notifications.services import mail_for, send_after_commit


def coach_assign(*, actor: User, access: JourneyAccess, coach_id: int) -> Journey:
    """HR of the home municipality chooses the coach (a user of the home
    municipality with the coach role), who is told by mail.
    Journey.DoesNotExist for anyone but HR."""
    require_role(access, Owner.HR)
    coach = User.objects.filter(pk=coach_id).first()
    if (
        coach is None
        or coach.municipality_id != access.party.home_municipality_id
        or not coach.has_role(Role.COACH)
    ):
        raise ValidationError({"coach": [_("Choose a coach of your municipality.")]})
    with in_home(access), transaction.atomic():
        Journey.objects.filter(pk=access.journey.pk).update(coach=coach)
        access.journey.coach = coach
        audit_record_local(actor=actor, action="journey.coach_assigned", target=access.journey)
    send_after_commit(
        [
            mail_for(
                coach,
                "journey/mail/coach_assigned.txt",
                journey_path(access.journey),
                journey=access.journey,
                swapper=access.party.swapper,
            )
        ]
    )
    return access.journey


def coach_talk_record(
    *, actor: User, access: JourneyAccess, kind: str, held_on: date | None, notes: str
) -> CoachTalk:
    """The assigned coach records a talk held (not one ahead). Journey.DoesNotExist
    for anyone else."""
    require_role(access, Owner.COACH)
    if kind not in CoachTalkKind.values:
        raise ValidationError({"kind": [_("Choose the kind of talk.")]})
    if held_on is None or held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("Choose the day the talk was held.")]})
    notes = bounded(required_text(notes, "notes", _("Write your notes.")), 20000, "notes")
    with in_home(access), transaction.atomic():
        talk = CoachTalk.objects.create(
            journey=access.journey, kind=kind, held_on=held_on, notes=notes, coach_id=actor.pk
        )
        audit_record_local(actor=actor, action="journey.coach_talk", target=talk)
    return talk
