"""Joint courses: providers publish courses; municipalities nominate staff
into the pooled demand; a cohort forms by itself when the approved demand
across municipalities reaches the course's minimum; seats are split fairly;
the provider confirms dates, records attendance and sets assignments; after
the last module the municipalities follow up on implementation.

Services are keyword-only, atomic and audited. Access rules (who may act on
what) are checked here too, and "not yours" raises the same DoesNotExist as
"missing"."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.services import audit_record_public
from config.posted import horizon, required_text
from courses import hooks
from courses.allocation import allocate_seats, seat_order
from courses.models import (
    Assignment,
    Attendance,
    CancelledSeat,
    Cohort,
    CohortModule,
    CohortQuota,
    CohortStatus,
    Course,
    CourseModule,
    CourseStatus,
    Nomination,
    NominationStatus,
    Provider,
    Submission,
)
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


@transaction.atomic
def provider_ensure(
    *, actor, name: str, slug: str, description: str = "", website: str = ""
) -> Provider:
    """Create the provider, or return it unchanged if the slug exists.
    Operators (and the demo seed, actor None) call this."""
    existing = Provider.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    provider = Provider(name=name, slug=slug, description=description, website=website)
    provider.full_clean()
    provider.save()
    audit_record_public(actor=actor, action="provider.created", target=provider, provider=provider)
    return provider


def _mail(user, name: str, path: str, **context):
    return mail_for(user, f"courses/mail/{name}.txt", path, **context)


def is_provider_staff(user, provider_id) -> bool:
    return bool(
        getattr(user, "is_authenticated", True)
        and user.provider_id
        and user.provider_id == provider_id
        and user.has_role(Role.PROVIDER_STAFF)
    )


def provider_staff(provider_id) -> list[User]:
    return list(
        User.objects.filter(
            provider_id=provider_id, is_active=True, memberships__role=Role.PROVIDER_STAFF
        ).distinct()
    )


# --- Courses ----------------------------------------------------------------


@dataclass
class CourseData:
    title: str
    description: str
    target_group: str
    price_per_participant: Decimal
    cancellation_rule: str
    min_participants: int
    max_participants: int
    competence_tags: list
    offered_to_networks: list
    offered_to_municipalities: list
    seat_release_days: int = 14


def _course_errors(data: CourseData) -> dict:
    errors: dict[str, list] = {}
    for name in ("title", "description", "target_group", "cancellation_rule"):
        if not (getattr(data, name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if (
        data.min_participants is not None
        and data.max_participants is not None
        and data.min_participants > data.max_participants
    ):
        errors.setdefault("min_participants", []).append(
            _("The minimum cannot be above the maximum.")
        )
    return errors


@transaction.atomic
def course_save(*, actor, data: CourseData, course: Course | None = None) -> Course:
    """Provider staff create a course (a draft) or change their own."""
    if course is None:
        if not actor.provider_id or not actor.has_role(Role.PROVIDER_STAFF):
            raise Course.DoesNotExist
        course = Course(provider_id=actor.provider_id)
    else:
        course = Course.objects.select_for_update().get(pk=course.pk)
        if not is_provider_staff(actor, course.provider_id):
            raise Course.DoesNotExist
    errors = _course_errors(data)
    if errors:
        raise ValidationError(errors)
    for name in (
        "title",
        "description",
        "target_group",
        "cancellation_rule",
    ):
        setattr(course, name, getattr(data, name).strip())
    course.price_per_participant = data.price_per_participant
    course.min_participants = data.min_participants
    course.max_participants = data.max_participants
    course.seat_release_days = data.seat_release_days
    course.full_clean()
    course.save()
    course.competence_tags.set(data.competence_tags)
    course.offered_to_networks.set(data.offered_to_networks)
    course.offered_to_municipalities.set(data.offered_to_municipalities)
    audit_record_public(actor=actor, action="course.saved", target=course, provider=course.provider)
    return course


@transaction.atomic
def module_add(*, actor, course: Course, title: str, days: int, location: str) -> CourseModule:
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not is_provider_staff(actor, course.provider_id):
        raise Course.DoesNotExist
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not (location or "").strip():
        errors["location"] = [_("This field is required.")]
    if not isinstance(days, int) or not 1 <= days <= 3:
        errors["days"] = [_("A module lasts 1 to 3 days.")]
    if errors:
        raise ValidationError(errors)
    if course.cohorts.exclude(status=CohortStatus.CANCELLED).exists():
        raise ValidationError(_("Cohorts have formed; the modules can no longer change."))
    position = (
        course.modules.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    module = CourseModule.objects.create(
        course=course, position=position, title=title.strip(), days=days, location=location.strip()
    )
    audit_record_public(
        actor=actor, action="course.module_added", target=course, provider=course.provider
    )
    return module


@transaction.atomic
def module_remove(*, actor, module: CourseModule) -> None:
    course = Course.objects.select_for_update().get(pk=module.course_id)
    if not is_provider_staff(actor, course.provider_id):
        raise Course.DoesNotExist
    if course.cohorts.exclude(status=CohortStatus.CANCELLED).exists():
        raise ValidationError(_("Cohorts have formed; the modules can no longer change."))
    module.delete()
    for position, remaining in enumerate(course.modules.order_by("position"), start=1):
        CourseModule.objects.filter(pk=remaining.pk).update(position=position + 1000)
    for position, remaining in enumerate(course.modules.order_by("position"), start=1):
        CourseModule.objects.filter(pk=remaining.pk).update(position=position)


@transaction.atomic
def course_publish(*, actor, course: Course) -> Course:
    """Open the course for nominations: it needs a module at least."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not is_provider_staff(actor, course.provider_id):
        raise Course.DoesNotExist
    if not course.modules.exists():
        raise ValidationError(_("Add at least one module before publishing."))
    errors = _course_errors(course)
    if errors:
        raise ValidationError(errors)
    course.status = CourseStatus.PUBLISHED
    course.save(update_fields=["status", "updated_at"])
    audit_record_public(
        actor=actor, action="course.published", target=course, provider=course.provider
    )
    return course


@transaction.atomic
def course_close(*, actor, course: Course) -> Course:
    """No more nominations; cohorts already formed run as planned."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not is_provider_staff(actor, course.provider_id):
        raise Course.DoesNotExist
    course.status = CourseStatus.CLOSED
    course.save(update_fields=["status", "updated_at"])
    audit_record_public(
        actor=actor, action="course.closed", target=course, provider=course.provider
    )
    return course


def offered_filter(municipality) -> Q:
    """Courses offered to ``municipality``: named, through a network, or to
    everyone (no municipality or network named)."""
    networks = municipality.network_memberships.values("network_id")
    return (
        Q(offered_to_municipalities=municipality)
        | Q(offered_to_networks__in=networks)
        | (Q(offered_to_municipalities__isnull=True) & Q(offered_to_networks__isnull=True))
    )


def offered_courses(municipality):
    return Course.objects.filter(
        Q(pk__in=Course.objects.filter(offered_filter(municipality)).values("pk")),
        status=CourseStatus.PUBLISHED,
    ).select_related("provider")


# --- Nominations ---------------------------------------------------------------


def _is_leader_of(actor, participant) -> bool:
    return actor.has_role(Role.LEADER) and any(
        leader.pk == actor.pk for leader in people.leaders_of(participant)
    )


def _baseline_save(nomination, *, participant_change=None, leader_change=None) -> None:
    """The municipality keeps what participant and leader want to change
    (courses.development, through the hook)."""
    hooks.baseline_stated.send(
        sender=Nomination,
        nomination=nomination,
        participant_change=participant_change,
        leader_change=leader_change,
    )


def _check_offered(course, municipality) -> Course:
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not offered_courses(municipality).filter(pk=course.pk).exists():
        raise Course.DoesNotExist
    return course


def _path(nomination) -> str:
    return f"/courses/nominations/{nomination.pk}/"


@transaction.atomic
def nomination_create(
    *, actor, course: Course, participant: User, leader_change: str = ""
) -> Nomination:
    """HR (any employee of the municipality) or a leader (their own team)
    nominates; the employee accepts, and then the nomination counts. Call in
    the municipality's schema."""
    from django.db import connection

    municipality = actor.municipality
    if municipality is None or getattr(connection.tenant, "pk", None) != municipality.pk:
        raise RuntimeError("nomination_create runs in the nominating municipality's schema.")
    course = _check_offered(course, municipality)
    if participant.pk == actor.pk:
        raise ValidationError(
            {"participant": [_("Ask to take part yourself; your leader approves it.")]}
        )
    if participant.municipality_id != municipality.pk or people.profile_of(participant) is None:
        raise ValidationError({"participant": [_("Choose an employee of your own municipality.")]})
    if not (actor.has_role(Role.HR) or _is_leader_of(actor, participant)):
        raise ValidationError(
            {"participant": [_("A leader can nominate only their own employees.")]}
        )
    nomination = _new_nomination(
        course, municipality, participant, actor, NominationStatus.AWAITING_EMPLOYEE
    )
    _baseline_save(nomination, leader_change=leader_change)
    audit_record_public(
        actor=actor, action="nomination.created", target=nomination, municipality=municipality
    )
    send_after_commit(
        [_mail(participant, "nominated", _path(nomination), nomination=nomination, course=course)]
    )
    return nomination


def _new_nomination(course, municipality, participant, actor, status) -> Nomination:
    if course.status != CourseStatus.PUBLISHED:
        raise ValidationError(_("The course is not open for nominations."))
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                course=course,
                municipality=municipality,
                participant=participant,
                nominated_by=actor,
                status=status,
            )
    except IntegrityError:
        raise ValidationError(
            {"participant": [_("The employee is already nominated for this course.")]}
        ) from None


@transaction.atomic
def nomination_request(*, actor, course: Course, participant_change: str) -> Nomination:
    """An employee asks to join; their leader approves. Call in the
    employee's municipality schema."""
    municipality = actor.municipality
    if municipality is None:
        raise Course.DoesNotExist
    course = _check_offered(course, municipality)
    participant_change = required_text(
        participant_change,
        "participant_change",
        _("Write what you want to change in your practice."),
    )
    leaders = people.leaders_of(actor)
    if not leaders:
        raise ValidationError(_("No leader is registered for you. Ask HR to register your leader."))
    nomination = _new_nomination(course, municipality, actor, actor, NominationStatus.REQUESTED)
    _baseline_save(nomination, participant_change=participant_change)
    audit_record_public(
        actor=actor, action="nomination.requested", target=nomination, municipality=municipality
    )
    send_after_commit(
        [
            _mail(
                leader, "approve_request", _path(nomination), nomination=nomination, course=course
            )
            for leader in leaders
        ]
    )
    return nomination


def _lock(nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("course", "participant")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def nomination_accept(*, actor, nomination: Nomination, participant_change: str) -> Nomination:
    """The nominated employee accepts and says what they want to change."""
    nomination = _lock(nomination)
    if nomination.participant_id != actor.pk:
        raise Nomination.DoesNotExist
    if nomination.status != NominationStatus.AWAITING_EMPLOYEE:
        raise ValidationError(_("The nomination does not await your answer."))
    participant_change = required_text(
        participant_change,
        "participant_change",
        _("Write what you want to change in your practice."),
    )
    _baseline_save(nomination, participant_change=participant_change)
    _approve(nomination, actor)
    if nomination.nominated_by_id and nomination.nominated_by_id != actor.pk:
        send_after_commit(
            [
                _mail(
                    nomination.nominated_by,
                    "nomination_accepted",
                    _path(nomination),
                    nomination=nomination,
                )
            ]
        )
    return nomination


@transaction.atomic
def nomination_leader_approve(*, actor, nomination: Nomination, leader_change: str) -> Nomination:
    """The leader approves an employee's own request."""
    nomination = _lock(nomination)
    if nomination.municipality_id != actor.municipality_id or not _is_leader_of(
        actor, nomination.participant
    ):
        raise Nomination.DoesNotExist
    if nomination.status != NominationStatus.REQUESTED:
        raise ValidationError(_("The request does not await approval."))
    _baseline_save(nomination, leader_change=leader_change)
    _approve(nomination, actor)
    send_after_commit(
        [
            _mail(
                nomination.participant,
                "request_approved",
                _path(nomination),
                nomination=nomination,
                course=nomination.course,
            )
        ]
    )
    return nomination


def _approve(nomination, actor) -> None:
    if nomination.course.status != CourseStatus.PUBLISHED:
        raise ValidationError(_("The course is not open for nominations."))
    nomination.status = NominationStatus.APPROVED
    nomination.approved_at = timezone.now()
    nomination.save(update_fields=["status", "approved_at"])
    audit_record_public(
        actor=actor,
        action="nomination.approved",
        target=nomination,
        municipality=nomination.municipality,
    )
    # The deciding approval forms the cohort at once (the task does it too).
    cohorts_form(nomination.course)


@transaction.atomic
def nomination_decline(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """The employee declines a nomination, or the leader declines a request."""
    nomination = _lock(nomination)
    own = nomination.participant_id == actor.pk
    leader = nomination.municipality_id == actor.municipality_id and _is_leader_of(
        actor, nomination.participant
    )
    if not (
        (own and nomination.status == NominationStatus.AWAITING_EMPLOYEE)
        or (leader and nomination.status == NominationStatus.REQUESTED)
    ):
        if own or leader:
            raise ValidationError(_("There is nothing to decline."))
        raise Nomination.DoesNotExist
    reason = required_text(reason, "reason", _("Give a reason."))
    nomination.status = NominationStatus.DECLINED
    nomination.reason = reason
    nomination.ended_at = timezone.now()
    nomination.save(update_fields=["status", "reason", "ended_at"])
    audit_record_public(
        actor=actor,
        action="nomination.declined",
        target=nomination,
        municipality=nomination.municipality,
    )
    told = nomination.nominated_by if own else nomination.participant
    if told is not None and told.pk != actor.pk:
        send_after_commit(
            [
                _mail(
                    told,
                    "nomination_declined",
                    _path(nomination),
                    nomination=nomination,
                    reason=reason,
                )
            ]
        )
    return nomination


def may_manage_nomination(user, nomination) -> bool:
    """HR of the municipality, and the participant's leader."""
    if user.municipality_id != nomination.municipality_id:
        return False
    return user.has_role(Role.HR) or _is_leader_of(user, nomination.participant)


@transaction.atomic
def nomination_cancel(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """The participant, their leader or HR cancels before the course ends. A
    freed seat waits for a substitute from the same municipality until the
    cohort's release day."""
    # Lock order as everywhere else: the cohort, then its nominations.
    cohort_id = (
        Nomination.objects.filter(pk=nomination.pk).values_list("cohort_id", flat=True).first()
    )
    if cohort_id is not None:
        Cohort.objects.select_for_update().filter(pk=cohort_id).first()
    nomination = _lock(nomination)
    if nomination.cohort_id != cohort_id:
        raise ValidationError(_("The participation changed meanwhile; try again."))
    if not (nomination.participant_id == actor.pk or may_manage_nomination(actor, nomination)):
        raise Nomination.DoesNotExist
    if nomination.status not in (
        NominationStatus.REQUESTED,
        NominationStatus.AWAITING_EMPLOYEE,
        NominationStatus.APPROVED,
        NominationStatus.SEATED,
    ):
        raise ValidationError(_("The nomination can no longer be cancelled."))
    reason = required_text(reason, "reason", _("Give a reason."))
    cohort = nomination.cohort
    if cohort is not None:
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.status == CohortStatus.COMPLETED:
            raise ValidationError(_("The nomination can no longer be cancelled."))
        Cohort.objects.filter(pk=cohort.pk).update(seated=F("seated") - 1)
    nomination.status = NominationStatus.CANCELLED
    nomination.reason = reason
    nomination.cohort = None
    nomination.ended_at = timezone.now()
    nomination.save(update_fields=["status", "reason", "cohort", "ended_at"])
    audit_record_public(
        actor=actor,
        action="nomination.cancelled",
        target=nomination,
        municipality=nomination.municipality,
        data={"cohort": cohort.pk if cohort else None},
    )
    if cohort is not None:
        from tenants.models import Municipality

        municipality = Municipality.objects.get(pk=nomination.municipality_id)
        mails = [
            _mail(
                u,
                "seat_freed",
                f"/courses/{cohort.course_id}/",
                cohort=cohort,
                nomination=nomination,
            )
            for u in people.hr_of(municipality)
        ]
        with tenant_context(municipality):
            told = [nomination.participant, *people.leaders_of(nomination.participant)]
        mails += [
            _mail(
                u,
                "participation_cancelled",
                _path(nomination),
                nomination=nomination,
                reason=reason,
            )
            for u in told
            if u.pk != actor.pk
        ]
        mails += [
            _mail(u, "participant_cancelled", f"/courses/cohorts/{cohort.pk}/", cohort=cohort)
            for u in provider_staff(cohort.course.provider_id)
        ]
        send_after_commit(mails)
    return nomination


@transaction.atomic
def nomination_substitute(*, actor, cohort: Cohort, substitute: Nomination) -> Nomination:
    """HR puts a substitute from their own municipality into a seat it holds
    that was freed (a waiting approved nominee of the same course)."""
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    substitute = _lock(substitute)
    if (
        not actor.has_role(Role.HR)
        or substitute.municipality_id != actor.municipality_id
        or substitute.course_id != cohort.course_id
    ):
        raise Nomination.DoesNotExist
    if substitute.status != NominationStatus.APPROVED:
        raise ValidationError(_("Only an approved nominee without a seat can step in."))
    if cohort.status not in (CohortStatus.TENTATIVE, CohortStatus.CONFIRMED):
        raise ValidationError(_("The cohort no longer takes participants."))
    if not _free_seat_for(cohort, substitute.municipality_id):
        raise ValidationError(_("Your municipality has no free seat in this cohort."))
    _seat(cohort, substitute)
    _tell_seated(cohort, [substitute])
    return substitute


def _free_seat_for(cohort, municipality_id) -> bool:
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


# --- Cohorts -------------------------------------------------------------------


def demand(course) -> dict:
    """Approved nominees without a seat per municipality id (first come
    first): the pooled demand the meter shows and the fair split uses."""
    from django.db.models import Min

    waiting = (
        Nomination.objects.filter(course=course, status=NominationStatus.APPROVED)
        .values("municipality_id")
        .annotate(n=Count("pk"), first=Min("approved_at"))
        .order_by("first", "municipality_id")
    )
    return {row["municipality_id"]: row["n"] for row in waiting}


def _seat(cohort, nomination) -> None:
    # The CHECK seated <= capacity refuses an over-full cohort even if the
    # row lock were missed.
    Cohort.objects.filter(pk=cohort.pk).update(seated=F("seated") + 1)
    cohort.refresh_from_db(fields=["seated"])
    nomination.status = NominationStatus.SEATED
    nomination.cohort = cohort
    nomination.seated_at = timezone.now()
    nomination.priority = False
    nomination.save(update_fields=["status", "cohort", "seated_at", "priority"])


def _open_cohorts(course) -> list[Cohort]:
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


def cohorts_form(course) -> list[Cohort]:
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
            if _free_seat_for(cohort, nomination.municipality_id):
                _seat(cohort, nomination)
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
        cohort = Cohort.objects.get(pk=cohort_id)
        _tell_seated(cohort, nominations, formed=cohort in formed)
    return formed


def _cohort_new(course, waiting) -> Cohort:
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
            _seat(cohort, nomination)
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
            _mail(u, "cohort_formed", f"/courses/cohorts/{cohort.pk}/", cohort=cohort)
            for u in provider_staff(course.provider_id)
        ]
    )
    return cohort


def _tell_seated(cohort, nominations, formed=False) -> None:
    """The seated participants, their leaders and HR are told; into a
    confirmed cohort, with its dates and calendar."""
    from config.sites import organisation_site_url

    confirmed = cohort.status == CohortStatus.CONFIRMED
    modules = list(cohort.modules.select_related("module").order_by("module__position"))
    concerned = _concerned(nominations)
    calendar = f"/courses/cohorts/{cohort.pk}/calendar.ics"
    send_after_commit(
        [
            _mail(
                user,
                "cohort_confirmed" if confirmed else "seated",
                "/courses/my/",
                cohort=cohort,
                modules=modules,
                calendar=organisation_site_url(user, calendar),
            )
            for user in concerned.values()
        ]
    )


@transaction.atomic
def cohorts_form_all() -> int:
    """The periodic safety net: form cohorts wherever demand suffices."""
    formed = 0
    for course in Course.objects.filter(status=CourseStatus.PUBLISHED):
        formed += len(cohorts_form(course))
    return formed


@dataclass
class ModuleDates:
    cohort_module_id: int
    starts_on: date | None
    ends_on: date | None
    location: str


@transaction.atomic
def cohort_set_dates(*, actor, cohort: Cohort, dates: list[ModuleDates]) -> Cohort:
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
        _tell_dates(cohort, "cohort_confirmed" if first_time else "cohort_changed")
    return cohort


def cohort_audience(cohort) -> list[User]:
    """Participants, their leaders, HR of their municipalities and the
    provider's staff: everyone told of a change to the cohort."""
    seated = Nomination.objects.filter(
        cohort=cohort, status=NominationStatus.SEATED
    ).select_related("participant")
    concerned = _concerned(list(seated))
    for user in provider_staff(cohort.course.provider_id):
        concerned[user.pk] = user
    return list(concerned.values())


def _concerned(nominations) -> dict[int, User]:
    """The participants of ``nominations``, their leaders (read in each
    municipality's own schema) and their municipalities' HR, by user id."""
    from tenants.models import Municipality

    concerned: dict[int, User] = {}
    for municipality in Municipality.objects.filter(
        pk__in={n.municipality_id for n in nominations}
    ):
        here = [n for n in nominations if n.municipality_id == municipality.pk]
        with tenant_context(municipality):
            for nomination in here:
                concerned[nomination.participant_id] = nomination.participant
                for leader in people.leaders_of(nomination.participant):
                    concerned[leader.pk] = leader
        for user in people.hr_of(municipality):
            concerned[user.pk] = user
    return concerned


def _tell_dates(cohort, template) -> None:
    """Dates to everyone concerned, each with a link to their own page and
    to the cohort's calendar on their own site."""
    from config.sites import organisation_site_url

    modules = list(cohort.modules.select_related("module").order_by("module__position"))
    send_after_commit(
        [
            _mail(
                user,
                template,
                f"/courses/cohorts/{cohort.pk}/" if user.provider_id else "/courses/my/",
                cohort=cohort,
                modules=modules,
                calendar=organisation_site_url(user, f"/courses/cohorts/{cohort.pk}/calendar.ics"),
            )
            for user in cohort_audience(cohort)
        ]
    )


@transaction.atomic
def cohort_cancel(*, actor, cohort: Cohort, reason: str) -> Cohort:
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
            _mail(
                u, "cohort_cancelled", f"/courses/{cohort.course_id}/", cohort=cohort, reason=reason
            )
            for u in audience
        ]
    )
    return cohort


@transaction.atomic
def seats_release_due(today=None) -> int:
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
            _seat(cohort, nomination)
            seated.append(nomination)
        _tell_seated(cohort, seated)
    return released


# --- Attendance, assignments ----------------------------------------------------


def seated_in(cohort):
    """The cohort's participants (seated, or completed with it)."""
    return Nomination.objects.filter(
        cohort=cohort, status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED]
    )


@transaction.atomic
def attendance_record(
    *, actor, cohort_module: CohortModule, nomination_id: int, present: bool
) -> Attendance:
    cohort = cohort_module.cohort
    if not is_provider_staff(actor, cohort.course.provider_id):
        raise Cohort.DoesNotExist
    nomination = seated_in(cohort).filter(pk=nomination_id).first()
    if nomination is None:
        raise ValidationError({"participant": [_("Not a participant of this cohort.")]})
    if cohort_module.starts_on is None:
        raise ValidationError(_("The module has no dates yet."))
    if cohort_module.starts_on > timezone.localdate():
        raise ValidationError(_("Attendance is recorded from the module's first day."))
    attendance, _created = Attendance.objects.update_or_create(
        nomination=nomination,
        cohort_module=cohort_module,
        defaults={
            "present": bool(present),
            "recorded_by": actor if actor.is_person else None,
        },
    )
    audit_record_public(
        actor=actor,
        action="attendance.recorded",
        target=cohort,
        provider=cohort.course.provider,
        data={"nomination": nomination.pk, "module": cohort_module.pk, "present": bool(present)},
    )
    return attendance


@transaction.atomic
def assignment_create(
    *, actor, cohort: Cohort, after_module: CohortModule, title: str, instructions: str, due_on
) -> Assignment:
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if (
        not is_provider_staff(actor, cohort.course.provider_id)
        or after_module.cohort_id != cohort.pk
    ):
        raise Cohort.DoesNotExist
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not (instructions or "").strip():
        errors["instructions"] = [_("This field is required.")]
    if cohort.status != CohortStatus.CONFIRMED:
        raise ValidationError(_("Set assignments once the cohort is confirmed with dates."))
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("Choose a date from today.")]
    elif after_module.ends_on and due_on < after_module.ends_on:
        errors["due_on"] = [_("The assignment is due after the module it follows.")]
    elif due_on > horizon():
        errors["due_on"] = [_("Plan at most five years ahead.")]
    if errors:
        raise ValidationError(errors)
    assignment = Assignment.objects.create(
        cohort=cohort,
        after_module=after_module,
        title=title.strip()[:200],
        instructions=instructions.strip(),
        due_on=due_on,
    )
    audit_record_public(
        actor=actor, action="assignment.created", target=cohort, provider=cohort.course.provider
    )
    send_after_commit(
        [
            _mail(n.participant, "assignment_set", _path(n), assignment=assignment, cohort=cohort)
            for n in seated_in(cohort).select_related("participant")
        ]
    )
    return assignment


@transaction.atomic
def submission_submit(*, actor, assignment: Assignment, text: str) -> Submission:
    nomination = seated_in(assignment.cohort).filter(participant=actor).first()
    if nomination is None:
        raise Assignment.DoesNotExist
    text = required_text(text, "text", _("Write your answer."))
    submission, _created = Submission.objects.update_or_create(
        assignment=assignment, nomination=nomination, defaults={"text": text[:20000]}
    )
    audit_record_public(
        actor=actor,
        action="assignment.submitted",
        target=assignment.cohort,
        municipality=actor.municipality,
    )
    send_after_commit(
        [
            _mail(
                u,
                "submission_received",
                f"/courses/cohorts/{assignment.cohort_id}/",
                assignment=assignment,
            )
            for u in provider_staff(assignment.cohort.course.provider_id)
        ]
    )
    return submission


@transaction.atomic
def submission_review(*, actor, submission: Submission, review: str) -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .select_related("assignment__cohort__course", "nomination__participant")
        .get(pk=submission.pk)
    )
    if not is_provider_staff(actor, submission.assignment.cohort.course.provider_id):
        raise Submission.DoesNotExist
    submission.review = required_text(review, "review", _("Write your feedback."))
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    audit_record_public(
        actor=actor,
        action="assignment.reviewed",
        target=submission.assignment.cohort,
        provider=submission.assignment.cohort.course.provider,
    )
    send_after_commit(
        [
            _mail(
                submission.nomination.participant,
                "submission_reviewed",
                _path(submission.nomination),
                assignment=submission.assignment,
            )
        ]
    )
    return submission


# --- After the last module -------------------------------------------------------


@transaction.atomic
def cohorts_complete_due(today=None) -> int:
    """Daily: a confirmed cohort whose last module has ended is completed;
    each participant and their leader get check-ins at 30, 60 and 90 days
    (in the participant's municipality's schema)."""
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
