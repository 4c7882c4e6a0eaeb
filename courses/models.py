"""Joint courses (public schema): providers, their courses and modules, the
nominations that pool demand across municipalities, the cohorts that form
when there is enough of it, attendance and assignments. Providers are
organisations with their own staff, but not tenants: they work across every
municipality. What a municipality keeps as an employer — the baseline of what
participant and leader want to change, and the implementation follow-up —
lives in its own schema (the ``development`` app)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    """A course provider, e.g. a university college."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("course provider")
        verbose_name_plural = _("course providers")

    def __str__(self) -> str:
        return self.name


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Open for nominations")
    CLOSED = "closed", _("Closed")


class Course(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    target_group = models.TextField(_("target group"))
    competence_tags = models.ManyToManyField(
        "vocabulary.CompetenceTag", blank=True, related_name="+", verbose_name=_("competences")
    )
    price_per_participant = models.DecimalField(
        _("price per participant (DKK)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    cancellation_rule = models.TextField(_("cancellation rule"))
    min_participants = models.PositiveSmallIntegerField(
        _("minimum per cohort"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    max_participants = models.PositiveSmallIntegerField(
        _("maximum per cohort"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    seat_release_days = models.PositiveSmallIntegerField(
        _("days before the first module when unused seats go to others"),
        default=14,
        validators=[MaxValueValidator(180)],
    )
    offered_to_networks = models.ManyToManyField(
        "tenants.Network", blank=True, related_name="+", verbose_name=_("offered to networks")
    )
    offered_to_municipalities = models.ManyToManyField(
        "tenants.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("offered to municipalities"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__gte=1)
                & Q(max_participants__gte=F("min_participants")),
                name="course_min_within_max",
            ),
            models.CheckConstraint(
                condition=Q(price_per_participant__gte=0), name="course_price_not_negative"
            ),
        ]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseModule(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    location = models.CharField(_("location"), max_length=200)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="course_module_once"),
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=3), name="course_module_1_to_3_days"
            ),
        ]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class CohortStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Formed; the provider sets the dates")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Cohort(models.Model):
    """A class of participants from several municipalities. ``capacity`` is
    the course's maximum when the cohort formed; the database never lets
    ``seated`` exceed it."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=CohortStatus.choices, default=CohortStatus.TENTATIVE
    )
    capacity = models.PositiveSmallIntegerField()
    seated = models.PositiveSmallIntegerField(default=0)
    # Seats a municipality has not filled by this day go to the others.
    release_on = models.DateField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="cohort_number_once"),
            models.CheckConstraint(
                condition=Q(seated__lte=F("capacity")), name="cohort_never_over_capacity"
            ),
        ]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.course} – hold {self.number}"


class CohortQuota(models.Model):
    """Seats a municipality holds in a cohort (the fair split when the cohort
    formed). A freed seat waits for a substitute from the same municipality
    until the cohort's release day; then unused seats go to the others."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="quotas")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "municipality"], name="cohort_quota_once")
        ]
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.seats} in {self.cohort_id}"


class CohortModule(models.Model):
    """A module of the course as this cohort runs it: its dates."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="modules")
    module = models.ForeignKey(CourseModule, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200)
    sequence = models.PositiveIntegerField(default=0, help_text=_("iCalendar SEQUENCE"))

    class Meta:
        ordering = ["cohort", "module__position"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module"], name="cohort_module_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cohort_module_dates_ordered",
            ),
        ]
        verbose_name = _("module date")
        verbose_name_plural = _("module dates")

    def __str__(self) -> str:
        return f"{self.cohort} – {self.module}"


class NominationStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked for; awaits the leader")
    AWAITING_EMPLOYEE = "awaiting_employee", _("Nominated; awaits the employee")
    APPROVED = "approved", _("Approved; counts in the demand")
    SEATED = "seated", _("Has a seat in a cohort")
    COMPLETED = "completed", _("Completed the course")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_NOMINATION = (
    NominationStatus.REQUESTED,
    NominationStatus.AWAITING_EMPLOYEE,
    NominationStatus.APPROVED,
    NominationStatus.SEATED,
)


class Nomination(models.Model):
    """An employee's place in a course's pooled demand: nominated by HR or a
    leader and accepted by the employee, or asked for by the employee and
    approved by the leader. Approved, it counts; seated, it is in a cohort.
    Only the employee's municipality sees it by name; the provider sees
    counts, and names of those seated."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="nominations")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=NominationStatus.choices)
    # Left out of a full cohort once: first in line for the next.
    priority = models.BooleanField(default=False)
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    seated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "participant"],
                condition=Q(status__in=[s.value for s in LIVE_NOMINATION]),
                name="nomination_once_per_course",
            ),
            models.CheckConstraint(
                condition=Q(cohort__isnull=True) | Q(status__in=["seated", "completed"]),
                name="nomination_cohort_only_when_seated",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="nomination_course_status")]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"Nomination {self.pk} ({self.status})"


class CancelledSeat(models.Model):
    """A seat a participant held in a cohort the provider cancelled. The
    nomination goes back to the demand; this keeps the cohort's modules in the
    participant's calendar feed, marked cancelled, so calendars drop them
    instead of keeping them as if nothing happened."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="cancelled_seats"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="cancelled_seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "cohort"], name="cancelled_seat_once")
        ]
        verbose_name = _("cancelled seat")
        verbose_name_plural = _("cancelled seats")

    def __str__(self) -> str:
        return f"{self.nomination_id} in {self.cohort_id} (cancelled)"


class Attendance(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendance")
    cohort_module = models.ForeignKey(
        CohortModule, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "cohort_module"], name="attendance_once")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.nomination_id} at {self.cohort_module_id}: {self.present}"


class Assignment(models.Model):
    """A task between modules, anchored in the participant's own workplace."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    after_module = models.ForeignKey(
        CohortModule, on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("what to do in your own practice"))
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="submissions")
    text = models.TextField(_("my answer"))
    submitted_at = models.DateTimeField(auto_now=True)
    review = models.TextField(_("feedback"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "nomination"], name="submission_once")
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"Submission {self.pk} to {self.assignment_id}"
