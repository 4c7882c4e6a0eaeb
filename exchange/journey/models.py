"""The swap journey, kept by the swapper's home municipality (its schema;
ARCHITECTURE.md: logbook entries, coach talks, checklists, local
evaluations): before (a checklist HR shapes), during (the logbook, private
unless shared; coach check-ins), after (debriefing, the evaluation of each
learning goal, a sharing plan, ideas the home workplace will try). The public
swap and party are referred to by id."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Owner(models.TextChoices):
    SWAPPER = "swapper", _("The swapper")
    HOME_LEADER = "home_leader", _("The home leader")
    HOST_LEADER = "host_leader", _("The host leader")
    COACH = "coach", _("The coach")
    HR = "hr", _("HR")


class ChecklistTemplateItem(models.Model):
    """HR's shape of the checklist every new journey starts with."""

    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("what it means"), blank=True)
    owner = models.CharField(_("who"), max_length=20, choices=Owner.choices)
    days_before_start = models.PositiveSmallIntegerField(
        _("days before the start"), validators=[MaxValueValidator(365)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")

    def __str__(self) -> str:
        return self.title


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Journey(models.Model):
    """One swapper's journey through one swap (their party), in the home
    municipality's schema."""

    swap_id = models.PositiveBigIntegerField()
    party_id = models.PositiveBigIntegerField(unique=True)
    swapper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    cadence = models.CharField(
        _("logbook"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    logbook_reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("swap journey")
        verbose_name_plural = _("swap journeys")

    def __str__(self) -> str:
        return f"Journey of party {self.party_id}"


class ChecklistItem(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="checklist")
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(_("who"), max_length=20, choices=Owner.choices)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=""), name="checklist_item_has_owner")
        ]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.title


class NetworkContact(models.Model):
    """Someone the swapper should know at the host, entered by the host."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role and why to know them"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("network contact")
        verbose_name_plural = _("network contacts")

    def __str__(self) -> str:
        return self.name


class LogbookEntry(models.Model):
    """Private to the swapper unless shared with the coach, the leaders
    (home and host) or colleagues (the home workplace)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="logbook")
    entry_date = models.DateField(_("day"))
    text = models.TextField(_("what happened, what I noticed"))
    shared_with_coach = models.BooleanField(_("share with my coach"), default=False)
    shared_with_leaders = models.BooleanField(_("share with both leaders"), default=False)
    shared_with_colleagues = models.BooleanField(_("share with my colleagues"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entry_date", "-pk"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")

    def __str__(self) -> str:
        return f"Logbook {self.entry_date}"


class CoachTalkKind(models.TextChoices):
    PREPARATION = "preparation", _("Preparation talk")
    CHECKIN = "checkin", _("Check-in during the swap")
    DEBRIEF = "debrief", _("Debriefing")


class CoachTalk(models.Model):
    """The coach's notes of a talk, shared between coach and swapper only."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="talks")
    kind = models.CharField(_("talk"), max_length=20, choices=CoachTalkKind.choices)
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("coach talk")
        verbose_name_plural = _("coach talks")

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}"


class GoalLevel(models.TextChoices):
    SELF = "self", _("For me")
    WORKPLACES = "workplaces", _("For the two workplaces")
    ORGANISATION = "organisation", _("For the organisation")


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT = "not", _("Not met")


class GoalEvaluation(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="evaluations")
    level = models.CharField(max_length=20, choices=GoalLevel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    words = models.TextField(_("in your own words"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "level"], name="goal_evaluation_once")
        ]
        verbose_name = _("goal evaluation")
        verbose_name_plural = _("goal evaluations")

    def __str__(self) -> str:
        return f"{self.level}: {self.outcome}"


class SharingKind(models.TextChoices):
    STAFF_MEETING = "staff_meeting", _("Staff meeting")
    MED_MEETING = "med_meeting", _("MED meeting")
    INTRANET = "intranet", _("Intranet story")
    AMBASSADOR = "ambassador", _("Ambassador")


class SharingActivity(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="sharing")
    kind = models.CharField(_("how"), max_length=20, choices=SharingKind.choices)
    planned_on = models.DateField(_("when"))
    note = models.CharField(_("what and for whom"), max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("sharing activity")
        verbose_name_plural = _("sharing activities")

    def __str__(self) -> str:
        return f"{self.kind} {self.planned_on}"


class Idea(models.Model):
    """Organisational learning: an idea the home workplace will try."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="ideas")
    text = models.TextField(_("the idea"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    follow_up_on = models.DateField(_("follow up on"))
    outcome = models.TextField(_("how it went"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up_on", "pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.text[:60]


class Target(models.Model):
    """The yearly number of swaps HR aims for (the director-contract figure)."""

    year = models.PositiveSmallIntegerField(unique=True)
    swaps = models.PositiveIntegerField(_("swaps to start"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")

    def __str__(self) -> str:
        return f"{self.year}: {self.swaps}"
