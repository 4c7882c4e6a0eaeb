"""Providers and their courses: a provider's staff write a course (a draft),
give it modules, open it for nominations and close it again."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_public
from courses.models import CohortStatus, Course, CourseModule, CourseStatus, Provider
from courses.selectors import is_provider_staff


@transaction.atomic
def provider_ensure(
    *, actor: User | None, name: str, slug: str, description: str = "", website: str = ""
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


def _course_errors(data: CourseData | Course) -> dict:
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
def course_save(*, actor: User, data: CourseData, course: Course | None = None) -> Course:
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
def module_add(
    *, actor: User, course: Course, title: str, days: int, location: str
) -> CourseModule:
    """The course's provider staff add a module at the end, while no cohort
    has formed."""
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
def module_remove(*, actor: User, module: CourseModule) -> None:
    """The course's provider staff remove a module, while no cohort has
    formed; the others close up."""
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
def course_publish(*, actor: User, course: Course) -> Course:
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
def course_close(*, actor: User, course: Course) -> Course:
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
