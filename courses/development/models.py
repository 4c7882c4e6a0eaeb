"""What a municipality keeps, as the employer, about its staff's course
participation (its own schema; ARCHITECTURE.md: implementation follow-up at
the workplace): the baseline of what participant and leader want to change in
practice, the check-ins 30, 60 and 90 days after the last module, action-
learning notes and support tasks. The public nomination is referred to by id
only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Baseline(models.Model):
    nomination_id = models.PositiveBigIntegerField(unique=True)
    participant_change = models.TextField(_("what I want to change in my practice"))
    leader_change = models.TextField(_("what the leader wants to see changed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"Baseline of nomination {self.nomination_id}"


class Respondent(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    LEADER = "leader", _("Leader")


class InUse(models.TextChoices):
    YES = "yes", _("Yes, in daily use")
    PARTLY = "partly", _("Partly")
    NO = "no", _("Not yet")


CHECKIN_DAYS = (30, 60, 90)


class CheckIn(models.Model):
    """Are the new methods in use? Asked of the participant and the leader at
    30, 60 and 90 days after the last module, with reminders until answered."""

    nomination_id = models.PositiveBigIntegerField()
    course_id = models.PositiveBigIntegerField()
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    respondent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    day = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    in_use = models.CharField(
        _("are the new methods in use?"), max_length=10, choices=InUse.choices, blank=True
    )
    comment = models.TextField(_("what works, what gets in the way"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination_id", "respondent", "day"], name="checkin_once"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(in_use=""),
                name="checkin_answer_has_value",
            ),
        ]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"Check-in day {self.day} ({self.respondent}) of nomination {self.nomination_id}"


class ActionNote(models.Model):
    """An action-learning note: what was tried, what happened, what next."""

    nomination_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    tried = models.TextField(_("what I tried"))
    learned = models.TextField(_("what happened and what I learned"))
    next_step = models.TextField(_("what I do next"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("action-learning note")
        verbose_name_plural = _("action-learning notes")

    def __str__(self) -> str:
        return f"Note {self.pk} on nomination {self.nomination_id}"


class SupportTask(models.Model):
    """Implementation support for a leader or resource person: a task with an
    owner and a due date, e.g. "put the new conversation method on the team
    meeting"."""

    nomination_id = models.PositiveBigIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("support task")
        verbose_name_plural = _("support tasks")

    def __str__(self) -> str:
        return self.title
