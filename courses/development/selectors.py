"""Reads of the municipality's development records (its own schema): a
check-in or support task by id for the person it belongs to, what a
nomination's page shows of them, what waits for a person, and the results per
course and per municipality (aggregates only cross the schema boundary)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from config.posted import storable_id
from courses.development.models import ActionNote, Baseline, CheckIn, SupportTask
from notifications.waiting import WaitingItem

# Results of another municipality (or for the provider) are shown only from
# this many answers.
MIN_GROUP = 3


def checkin_for_respondent(*, user, checkin_id: int) -> CheckIn:
    """The check-in ``user`` is asked to answer; anyone else's (or another
    municipality's) is as missing as a missing one."""
    if not storable_id(checkin_id):
        raise CheckIn.DoesNotExist
    return CheckIn.objects.get(pk=checkin_id, respondent_user_id=user.pk)


def support_task_for_owner_or_giver(*, user, task_id: int) -> SupportTask:
    """A support task ``user`` owns or gave (either may mark it done)."""
    if not storable_id(task_id):
        raise SupportTask.DoesNotExist
    task = SupportTask.objects.get(pk=task_id)
    if user.pk not in (task.owner_id, task.created_by_id):
        raise SupportTask.DoesNotExist
    return task


def baseline_of(nomination) -> Baseline | None:
    return Baseline.objects.filter(nomination_id=nomination.pk).first()


def checkins_of(nomination):
    return CheckIn.objects.filter(nomination_id=nomination.pk).order_by("day", "respondent")


def notes_of(nomination):
    return ActionNote.objects.filter(nomination_id=nomination.pk)


def support_tasks_of(nomination):
    return SupportTask.objects.filter(nomination_id=nomination.pk)


def checkins_due_for(user):
    """The user's check-ins that are due and not answered."""
    return CheckIn.objects.filter(
        respondent_user_id=user.pk, answered_at=None, due_on__lte=timezone.localdate()
    )


def open_support_tasks_for(user):
    return SupportTask.objects.filter(owner_id=user.pk, done_at=None)


def support_task_owners(municipality_id: int):
    """Who may be given a support task: the municipality's active leaders,
    HR and coaches (resource persons)."""
    return (
        User.objects.filter(
            municipality_id=municipality_id,
            is_active=True,
            memberships__role__in=[Role.LEADER, Role.HR, Role.COACH],
        )
        .distinct()
        .order_by("full_name")
    )


def waiting_for(user) -> list:
    """What waits for ``user`` of the follow-up (call in their municipality's
    schema): a check-in question that is due, a support task."""
    if user.municipality_id is None:
        return []
    items = [
        WaitingItem(
            _("Answer the day-%(d)s follow-up of a course") % {"d": checkin.day},
            f"/courses/checkins/{checkin.pk}/",
        )
        for checkin in checkins_due_for(user)
    ]
    items += [
        WaitingItem(_("Support task: %(t)s") % {"t": task.title}, "/courses/my/")
        for task in open_support_tasks_for(user)
    ]
    return items


# --- Results -----------------------------------------------------------------


@dataclass
class Result:
    """Answered check-ins of one municipality (or all) for one course."""

    municipality: object
    yes: int = 0
    partly: int = 0
    no: int = 0
    by_day: dict = field(default_factory=dict)  # day → (yes, partly, no)

    @property
    def answered(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def too_few(self) -> bool:
        """Fewer answers than MIN_GROUP: shown to others only as "too few",
        so that no one's single answer can be read off."""
        return 0 < self.answered < MIN_GROUP

    @property
    def share_in_use(self) -> int:
        """Percent answering yes or partly."""
        return round(100 * (self.yes + self.partly) / self.answered) if self.answered else 0


def results_per_municipality(course_id: int, municipalities) -> list[Result]:
    """Per municipality: how many check-in answers say the methods are in
    use, in part, or not yet, read in each municipality's schema. Counts
    only cross the schema boundary."""
    out = []
    for municipality in municipalities:
        result = Result(municipality=municipality)
        with tenant_context(municipality):
            rows = (
                CheckIn.objects.filter(course_id=course_id)
                .exclude(answered_at=None)
                .values("day", "in_use")
                .annotate(n=Count("pk"))
            )
            for row in rows:
                setattr(result, row["in_use"], getattr(result, row["in_use"]) + row["n"])
                yes, partly, no = result.by_day.get(row["day"], (0, 0, 0))
                counts = {"yes": yes, "partly": partly, "no": no}
                counts[row["in_use"]] += row["n"]
                result.by_day[row["day"]] = (counts["yes"], counts["partly"], counts["no"])
        out.append(result)
    return out
