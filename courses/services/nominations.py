"""Nominations: HR or a leader nominates and the employee accepts, or the
employee asks and the leader approves; then the nomination counts in the
course's pooled demand (and may form a cohort at once). Either side may
decline; the participant, their leader or HR may cancel, and HR may put a
substitute into a freed seat. What participant and leader want to change is
kept by the municipality (``hooks.baseline_stated``)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.services import audit_record_public
from config.posted import required_text
from courses import hooks
from courses.models import (
    Cohort,
    CohortStatus,
    Course,
    CourseStatus,
    Nomination,
    NominationStatus,
)
from courses.selectors import is_leader_of, may_manage_nomination, offered_courses, provider_staff
from courses.services.cohorts import cohorts_form, has_free_seat_for, seat
from courses.services.mail import course_mail, nomination_path, tell_seated
from notifications.services import send_after_commit
from tenants.models import Municipality
from tenants.organisation import people


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


def _new_nomination(course, municipality, participant, actor: User, status) -> Nomination:
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


def _lock(nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("course", "participant")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def nomination_create(
    *, actor: User, course: Course, participant: User, leader_change: str = ""
) -> Nomination:
    """HR (any employee of the municipality) or a leader (their own team)
    nominates; the employee accepts, and then the nomination counts. Call in
    the municipality's schema."""
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
    if not (actor.has_role(Role.HR) or is_leader_of(actor, participant)):
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
        [
            course_mail(
                participant,
                "nominated",
                nomination_path(nomination),
                nomination=nomination,
                course=course,
            )
        ]
    )
    return nomination


@transaction.atomic
def nomination_request(*, actor: User, course: Course, participant_change: str) -> Nomination:
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
            course_mail(
                leader,
                "approve_request",
                nomination_path(nomination),
                nomination=nomination,
                course=course,
            )
            for leader in leaders
        ]
    )
    return nomination


def _approve(nomination, actor: User) -> None:
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
def nomination_accept(
    *, actor: User, nomination: Nomination, participant_change: str
) -> Nomination:
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
                course_mail(
                    nomination.nominated_by,
                    "nomination_accepted",
                    nomination_path(nomination),
                    nomination=nomination,
                )
            ]
        )
    return nomination


@transaction.atomic
def nomination_leader_approve(
    *, actor: User, nomination: Nomination, leader_change: str
) -> Nomination:
    """The leader approves an employee's own request."""
    nomination = _lock(nomination)
    if nomination.municipality_id != actor.municipality_id or not is_leader_of(
        actor, nomination.participant
    ):
        raise Nomination.DoesNotExist
    if nomination.status != NominationStatus.REQUESTED:
        raise ValidationError(_("The request does not await approval."))
    _baseline_save(nomination, leader_change=leader_change)
    _approve(nomination, actor)
    send_after_commit(
        [
            course_mail(
                nomination.participant,
                "request_approved",
                nomination_path(nomination),
                nomination=nomination,
                course=nomination.course,
            )
        ]
    )
    return nomination


@transaction.atomic
def nomination_decline(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """The employee declines a nomination, or the leader declines a request."""
    nomination = _lock(nomination)
    own = nomination.participant_id == actor.pk
    leader = nomination.municipality_id == actor.municipality_id and is_leader_of(
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
                course_mail(
                    told,
                    "nomination_declined",
                    nomination_path(nomination),
                    nomination=nomination,
                    reason=reason,
                )
            ]
        )
    return nomination


@transaction.atomic
def nomination_cancel(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
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
        _tell_cancelled(actor, nomination, cohort, reason)
    return nomination


def _tell_cancelled(actor: User, nomination, cohort, reason) -> None:
    """HR of the municipality (a seat is free for a substitute), the
    participant and their leaders (but not who cancelled), and the provider."""
    municipality = Municipality.objects.get(pk=nomination.municipality_id)
    mails = [
        course_mail(
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
        course_mail(
            u,
            "participation_cancelled",
            nomination_path(nomination),
            nomination=nomination,
            reason=reason,
        )
        for u in told
        if u.pk != actor.pk
    ]
    mails += [
        course_mail(u, "participant_cancelled", f"/courses/cohorts/{cohort.pk}/", cohort=cohort)
        for u in provider_staff(cohort.course.provider_id)
    ]
    send_after_commit(mails)


@transaction.atomic
def nomination_substitute(*, actor: User, cohort: Cohort, substitute: Nomination) -> Nomination:
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
    if not has_free_seat_for(cohort, substitute.municipality_id):
        raise ValidationError(_("Your municipality has no free seat in this cohort."))
    seat(cohort, substitute)
    tell_seated(cohort, [substitute])
    return substitute
