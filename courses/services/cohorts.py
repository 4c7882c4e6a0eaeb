"""Cohorts: they form by themselves when the approved demand across the
municipalities reaches the course's minimum (seats split fairly), the
provider confirms them with module dates or cancels them, unused seats go to
anyone waiting on the release day, and they complete after the last module."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_public
from config.posted import horizon, required_text
from courses import hooks
from courses.allocation import allocate_seats, seat_order
from courses.models import (
    CancelledSeat,
    Cohort,
    CohortModule,
    CohortQuota,
    CohortStatus,
    Course,
    CourseStatus,
    Nomination,
    NominationStatus,
)
from courses.selectors import cohort_audience, is_provider_staff, provider_staff
from courses.services.mail import course_mail, tell_dates, tell_seated
from notifications.services import send_after_commit

# --- Seats --------------------------------------------------------------------


def seat(cohort: Cohort, nomination: Nomination) -> None:
    """Give ``nomination`` a seat in ``cohort`` (both locked by the caller)."""
    # The CHECK seated <= capacity refuses an over-full cohort even if the
    # row lock were missed.
    Cohort.objects.filter(pk=cohort.pk).update(seated=F("seated") + 1)
    cohort.refresh_from_db(fields=["seated"])
    nomination.status = NominationStatus.SEATED
    nomination.cohort = cohort
    nomination.seated_at = timezone.now()
    nomination.priority = False
    nomination.save(update_fields=["status", "cohort", "seated_at", "priority"])


def has_free_seat_for(cohort: Cohort, municipality_id: int) -> bool:
    """Whether a nominee of ``municipality_id`` may take a free seat: before
    the release day a municipality's unused quota is kept for it (for a
    substitute), so others get only seats nobody holds; after it, any."""
    free = cohort.capacity - cohort.seated
    if free <= 0:
        return False
    if cohort.released_at is not None:
        return True
    used = dict(
        Nomination.objects.filter(cohort=cohort, status=NominationStatus.SEATED)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )
    quotas = dict(CohortQuota.objects.filter(cohort=cohort).values_list("municipality_id", "seats"))
    held = {m: max(0, q - used.get(m, 0)) for m, q in quotas.items()}
    return held.get(municipality_id, 0) > 0 or free - sum(held.values()) > 0


# --- Forming --------------------------------------------------------------------


def _open_cohorts(course: Course) -> list[Cohort]:
    """The course's cohorts that still take participants: formed or
    confirmed, not begun, with a free seat (earliest first)."""
    today = timezone.localdate()
    open_ = []
    for cohort in (
        Cohort.objects.select_for_update()
        .filter(course=course, status__in=[CohortStatus.TENTATIVE, CohortStatus.CONFIRMED])
        .filter(seated__lt=F("capacity"))
        .order_by("number")
    ):
        first = cohort.modules.exclude(starts_on=None).order_by("starts_on").first()
        if first is None or first.starts_on > today:
            open_.append(cohort)
    return open_


def cohorts_form(course: Course) -> list[Cohort]:
    """Seat approved nominees: first into an open cohort's free seats (its
    municipality's own before the release day, anyone's after), then, while
    the demand left reaches the minimum, form new cohorts split fairly
    across municipalities. Call inside a transaction; the course row lock
    serialises it."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    seated_now: dict[int, list] = {}
    for cohort in _open_cohorts(course):
        for nomination in seat_order(
            Nomination.objects.select_for_update().filter(
                course=course, status=NominationStatus.APPROVED
            )
        ):
            if has_free_seat_for(cohort, nomination.municipality_id):
                seat(cohort, nomination)
                seated_now.setdefault(cohort.pk, []).append(nomination)
    formed = []
    while True:
        waiting = list(
            Nomination.objects.select_for_update().filter(
                course=course, status=NominationStatus.APPROVED
            )
        )
        if len(waiting) < course.min_participants:
            break
        cohort = _cohort_new(course, waiting)
        formed.append(cohort)
        seated_now[cohort.pk] = list(
            Nomination.objects.filter(cohort=cohort, status=NominationStatus.SEATED)
        )
    for cohort_id, nominations in seated_now.items():
        tell_seated(Cohort.objects.get(pk=cohort_id), nominations)
    return formed


def _cohort_new(course: Course, waiting: list[Nomination]) -> Cohort:
    number = (course.cohorts.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    cohort = Cohort.objects.create(course=course, number=number, capacity=course.max_participants)
    for module in course.modules.order_by("position"):
        CohortModule.objects.create(cohort=cohort, module=module, location=module.location)
    by_municipality: dict[int, list] = {}
    for nomination in sorted(waiting, key=lambda n: (not n.priority, n.approved_at, n.pk)):
        by_municipality.setdefault(nomination.municipality_id, []).append(nomination)
    seats = allocate_seats(cohort.capacity, {m: len(ns) for m, ns in by_municipality.items()})
    for municipality_id, count in seats.items():
        CohortQuota.objects.create(cohort=cohort, municipality_id=municipality_id, seats=count)
        for nomination in seat_order(by_municipality[municipality_id])[:count]:
            seat(cohort, nomination)
    # Those left out stay approved, first in line for the next cohort.
    Nomination.objects.filter(course=course, status=NominationStatus.APPROVED).update(priority=True)
    audit_record_public(
        actor=None,
        action="cohort.formed",
        target=cohort,
        provider=course.provider,
        data={"seats": {str(k): v for k, v in seats.items()}},
    )
    send_after_commit(
        [
            course_mail(u, "cohort_formed", f"/courses/cohorts/{cohort.pk}/", cohort=cohort)
            for u in provider_staff(course.provider_id)
        ]
    )
    return cohort


@transaction.atomic
def cohorts_form_all() -> int:
    """The periodic safety net: form cohorts wherever demand suffices."""
    formed = 0
    for course in Course.objects.filter(status=CourseStatus.PUBLISHED):
        formed += len(cohorts_form(course))
    return formed


# --- Dates, cancelling -------------------------------------------------------------


@dataclass
class ModuleDates:
    cohort_module_id: int
    starts_on: date | None
    ends_on: date | None
    location: str


@transaction.atomic
def cohort_set_dates(*, actor: User, cohort: Cohort, dates: list[ModuleDates]) -> Cohort:
    """The provider sets or changes the module dates; the first time, the
    cohort is confirmed. Every module needs dates, in order and at most as
    many days as the module has. Participants, their leaders, HR and the
    provider are told, with calendar invitations."""
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if not is_provider_staff(actor, cohort.course.provider_id):
        raise Cohort.DoesNotExist
    if cohort.status not in (CohortStatus.TENTATIVE, CohortStatus.CONFIRMED):
        raise ValidationError(_("The cohort can no longer change."))
    modules = {m.pk: m for m in cohort.modules.select_related("module").select_for_update()}
    given = {d.cohort_module_id: d for d in dates}
    errors: dict[str, list] = {}
    previous_end = None
    changed = []
    for module in sorted(modules.values(), key=lambda m: m.module.position):
        entry = given.get(module.pk)
        field = f"module_{module.pk}"
        if entry is None or entry.starts_on is None or entry.ends_on is None:
            errors.setdefault(field, []).append(_("Give the module's first and last day."))
            continue
        if entry.ends_on < entry.starts_on:
            errors.setdefault(field, []).append(_("The last day must be on or after the first."))
            continue
        if (entry.ends_on - entry.starts_on).days + 1 > module.module.days:
            errors.setdefault(field, []).append(
                _("The module lasts %(n)s day(s).") % {"n": module.module.days}
            )
        moved = (module.starts_on, module.ends_on) != (entry.starts_on, entry.ends_on)
        today = timezone.localdate()
        if moved and module.starts_on is not None and module.starts_on <= today:
            errors.setdefault(field, []).append(_("The module has begun; its dates stay."))
        elif moved and (entry.starts_on < today or entry.ends_on > horizon()):
            errors.setdefault(field, []).append(
                _("Choose dates from today and at most five years ahead.")
            )
        if previous_end is not None and entry.starts_on <= previous_end:
            errors.setdefault(field, []).append(_("Modules come one after the other."))
        previous_end = entry.ends_on
        location = (entry.location or "").strip() or module.location
        if (module.starts_on, module.ends_on, module.location) != (
            entry.starts_on,
            entry.ends_on,
            location,
        ):
            module.starts_on, module.ends_on, module.location = (
                entry.starts_on,
                entry.ends_on,
                location,
            )
            module.sequence += 1
            changed.append(module)
    if errors:
        raise ValidationError(errors)
    for module in changed:
        module.save(update_fields=["starts_on", "ends_on", "location", "sequence"])
    first_time = cohort.status == CohortStatus.TENTATIVE
    if first_time:
        cohort.status = CohortStatus.CONFIRMED
        cohort.confirmed_at = timezone.now()
        first = min(m.starts_on for m in modules.values())
        cohort.release_on = first - timedelta(days=cohort.course.seat_release_days)
        cohort.save(update_fields=["status", "confirmed_at", "release_on"])
    if first_time or changed:
        audit_record_public(
            actor=actor,
            action="cohort.confirmed" if first_time else "cohort.dates_changed",
            target=cohort,
            provider=cohort.course.provider,
        )
        tell_dates(cohort, "cohort_confirmed" if first_time else "cohort_changed")
    return cohort


@transaction.atomic
def cohort_cancel(*, actor: User, cohort: Cohort, reason: str) -> Cohort:
    """The provider cancels a cohort that has not completed; its
    participants go back to the demand, first in line."""
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if not is_provider_staff(actor, cohort.course.provider_id):
        raise Cohort.DoesNotExist
    if cohort.status not in (CohortStatus.TENTATIVE, CohortStatus.CONFIRMED):
        raise ValidationError(_("The cohort can no longer be cancelled."))
    reason = required_text(reason, "reason", _("Give a reason."))
    audience = cohort_audience(cohort)
    seated = Nomination.objects.filter(cohort=cohort, status=NominationStatus.SEATED)
    CancelledSeat.objects.bulk_create(
        [CancelledSeat(nomination=n, cohort=cohort) for n in seated], ignore_conflicts=True
    )
    seated.update(status=NominationStatus.APPROVED, cohort=None, priority=True, seated_at=None)
    # A new SEQUENCE, so calendars take the cancellation as an update.
    CohortModule.objects.filter(cohort=cohort).update(sequence=F("sequence") + 1)
    cohort.status = CohortStatus.CANCELLED
    cohort.cancelled_reason = reason
    cohort.seated = 0
    cohort.save(update_fields=["status", "cancelled_reason", "seated"])
    audit_record_public(
        actor=actor, action="cohort.cancelled", target=cohort, provider=cohort.course.provider
    )
    send_after_commit(
        [
            course_mail(
                u, "cohort_cancelled", f"/courses/{cohort.course_id}/", cohort=cohort, reason=reason
            )
            for u in audience
        ]
    )
    return cohort


# --- Daily ---------------------------------------------------------------------


@transaction.atomic
def seats_release_due(today: date | None = None) -> int:
    """Daily: on a cohort's release day, seats its municipalities have not
    filled go to waiting nominees of any municipality (priority first, then
    first come)."""
    today = today or timezone.localdate()
    released = 0
    for cohort in Cohort.objects.select_for_update().filter(
        status=CohortStatus.CONFIRMED, released_at=None, release_on__lte=today
    ):
        cohort.released_at = timezone.now()
        cohort.save(update_fields=["released_at"])
        released += 1
        seated = []
        for nomination in seat_order(
            Nomination.objects.select_for_update().filter(
                course_id=cohort.course_id, status=NominationStatus.APPROVED
            )
        ):
            if cohort.seated >= cohort.capacity:
                break
            seat(cohort, nomination)
            seated.append(nomination)
        tell_seated(cohort, seated)
    return released


@transaction.atomic
def cohorts_complete_due(today: date | None = None) -> int:
    """Daily: a confirmed cohort whose last module has ended is completed;
    the municipalities' follow-up starts through ``hooks.cohort_completed``
    (check-ins for each participant and their leader at 30, 60 and 90 days,
    in the participant's municipality's schema)."""
    today = today or timezone.localdate()
    done = 0
    for cohort in Cohort.objects.select_for_update().filter(status=CohortStatus.CONFIRMED):
        ends = [m.ends_on for m in cohort.modules.all()]
        if not ends or any(e is None for e in ends) or max(ends) >= today:
            continue
        participants = list(
            Nomination.objects.filter(cohort=cohort, status=NominationStatus.SEATED).select_related(
                "participant", "municipality"
            )
        )
        hooks.cohort_completed.send(
            sender=Cohort, cohort=cohort, nominations=participants, last_day=max(ends)
        )
        Nomination.objects.filter(pk__in=[n.pk for n in participants]).update(
            status=NominationStatus.COMPLETED, ended_at=timezone.now()
        )
        cohort.status = CohortStatus.COMPLETED
        cohort.completed_at = timezone.now()
        cohort.save(update_fields=["status", "completed_at"])
        audit_record_public(
            actor=None, action="cohort.completed", target=cohort, provider=cohort.course.provider
        )
        done += 1
    return done
