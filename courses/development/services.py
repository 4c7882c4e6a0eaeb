"""Implementation follow-up at the workplace (the municipality's schema):
check-ins answered by participant and leader, reminders until answered,
action-learning notes and support tasks. (The results per course and per
municipality are reads: courses.development.selectors.)"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_local
from config.posted import horizon, required_text, storable_id
from courses.development.models import ActionNote, CheckIn, InUse, SupportTask
from courses.models import Nomination
from courses.selectors import may_manage_nomination
from notifications.services import mail_for, send_after_commit

# A check-in not answered is reminded once a week, at most four times.
REMINDER_EVERY = timedelta(days=7)
MAX_REMINDERS = 4


def _local() -> None:
    if connection.schema_name == "public":
        raise RuntimeError("follow-up runs in a municipality's schema")


@transaction.atomic
def checkin_answer(*, actor: User, checkin: CheckIn, in_use: str, comment: str) -> CheckIn:
    """The participant or leader answers their own check-in, once it is due."""
    _local()
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.respondent_user_id != actor.pk:
        raise CheckIn.DoesNotExist
    if checkin.answered_at is not None:
        raise ValidationError(_("You have already answered this check-in."))
    if checkin.due_on > timezone.localdate():
        raise ValidationError(_("This check-in opens on %(d)s.") % {"d": checkin.due_on})
    if in_use not in InUse.values:
        raise ValidationError({"in_use": [_("Choose yes, partly or not yet.")]})
    checkin.in_use = in_use
    checkin.comment = (comment or "").strip()[:5000]
    checkin.answered_at = timezone.now()
    checkin.save(update_fields=["in_use", "comment", "answered_at"])
    audit_record_local(
        actor=actor, action="checkin.answered", target=checkin, data={"in_use": in_use}
    )
    return checkin


def checkins_remind_due(today: date | None = None) -> int:
    """Daily, per municipality: due, unanswered check-ins are reminded once
    a week until answered (at most four times)."""
    _local()
    today = today or timezone.localdate()
    mails = []
    with transaction.atomic():
        due = CheckIn.objects.select_for_update().filter(
            answered_at=None, due_on__lte=today, reminders_sent__lt=MAX_REMINDERS
        )
        for checkin in due:
            if checkin.last_reminded_on and checkin.last_reminded_on + REMINDER_EVERY > today:
                continue
            user = User.objects.filter(pk=checkin.respondent_user_id, is_active=True).first()
            if user is None:
                continue
            checkin.reminders_sent += 1
            checkin.last_reminded_on = today
            checkin.save(update_fields=["reminders_sent", "last_reminded_on"])
            mails.append(
                mail_for(
                    user,
                    "development/mail/checkin_due.txt",
                    f"/courses/checkins/{checkin.pk}/",
                    checkin=checkin,
                )
            )
        send_after_commit(mails)
    return len(mails)


@transaction.atomic
def action_note_add(
    *, actor: User, nomination: Nomination, tried: str, learned: str, next_step: str = ""
) -> ActionNote:
    """The participant writes an action-learning note on their course."""
    _local()
    if nomination.participant_id != actor.pk:
        raise Nomination.DoesNotExist
    if nomination.status not in ("seated", "completed"):
        raise ValidationError(_("Notes belong to a course you take part in."))
    tried = required_text(tried, "tried", _("Write what you tried."))
    learned = required_text(learned, "learned", _("Write what happened."))
    note = ActionNote.objects.create(
        nomination_id=nomination.pk,
        author_id=actor.pk,
        tried=tried[:5000],
        learned=learned[:5000],
        next_step=(next_step or "").strip()[:5000],
    )
    audit_record_local(actor=actor, action="action_note.added", target=note)
    return note


@transaction.atomic
def support_task_add(
    *, actor: User, nomination: Nomination, owner_id: int, title: str, due_on: date | None
) -> SupportTask:
    """HR or the participant's leader gives a leader or resource person of
    the municipality (``owner_id``, as posted) a task that supports the
    implementation."""
    _local()
    if not may_manage_nomination(actor, nomination):
        raise Nomination.DoesNotExist
    owner = (
        User.objects.filter(pk=owner_id, municipality_id=actor.municipality_id).first()
        if storable_id(owner_id)
        else None
    )
    errors = {}
    if owner is None or not (
        owner.has_role(Role.LEADER) or owner.has_role(Role.HR) or owner.has_role(Role.COACH)
    ):
        errors["owner"] = [_("Choose a leader or resource person of your own municipality.")]
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    elif not timezone.localdate() <= due_on <= horizon():
        errors["due_on"] = [_("Choose a date from today and at most five years ahead.")]
    if errors:
        raise ValidationError(errors)
    task = SupportTask.objects.create(
        nomination_id=nomination.pk,
        owner_id=owner.pk,
        title=title.strip()[:200],
        due_on=due_on,
        created_by_id=actor.pk,
    )
    audit_record_local(actor=actor, action="support_task.added", target=task)
    send_after_commit(
        [mail_for(owner, "development/mail/support_task.txt", "/courses/my/", task=task)]
    )
    return task


@transaction.atomic
def support_task_mark_done(*, actor: User, task: SupportTask) -> SupportTask:
    """The task's owner, or who gave it, marks it done (once)."""
    _local()
    task = SupportTask.objects.select_for_update().get(pk=task.pk)
    if actor.pk not in (task.owner_id, task.created_by_id):
        raise SupportTask.DoesNotExist
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record_local(actor=actor, action="support_task.done", target=task)
    return task
