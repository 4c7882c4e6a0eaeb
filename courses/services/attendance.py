"""During a cohort: the provider records attendance (on its page, or its
learning system through the API) and sets assignments in the participants'
own practice between modules; participants submit answers and the provider
gives feedback."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import User
from audit.services import audit_record_public
from config.posted import horizon, required_text
from courses.models import (
    Assignment,
    Attendance,
    Cohort,
    CohortModule,
    CohortStatus,
    Submission,
)
from courses.selectors import is_provider_staff, provider_staff, seated_in
from courses.services.mail import course_mail, nomination_path
from notifications.services import send_after_commit


@transaction.atomic
def attendance_record(
    *, actor: Actor, cohort_module: CohortModule, nomination_id: int, present: bool
) -> Attendance:
    """The cohort's provider (its staff, or its learning system) records
    whether a participant was present at a module, from its first day."""
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
    *,
    actor: User,
    cohort: Cohort,
    after_module: CohortModule,
    title: str,
    instructions: str,
    due_on: date | None,
) -> Assignment:
    """The cohort's provider staff set an assignment after a module of a
    confirmed cohort; the participants are told."""
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
            course_mail(
                n.participant,
                "assignment_set",
                nomination_path(n),
                assignment=assignment,
                cohort=cohort,
            )
            for n in seated_in(cohort).select_related("participant")
        ]
    )
    return assignment


@transaction.atomic
def submission_submit(*, actor: User, assignment: Assignment, text: str) -> Submission:
    """A participant of the cohort submits (or resubmits) their answer; the
    provider's staff are told."""
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
            course_mail(
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
def submission_review(*, actor: User, submission: Submission, review: str) -> Submission:
    """The cohort's provider staff give feedback on an answer; the
    participant is told."""
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
            course_mail(
                submission.nomination.participant,
                "submission_reviewed",
                nomination_path(submission.nomination),
                assignment=submission.assignment,
            )
        ]
    )
    return submission
