"""Writes to the exchange. Every service takes the acting user, runs in one
transaction, validates before saving and records an audit event."""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import Role
from audit.services import audit_record_public
from config.posted import required_text
from exchange import hooks
from exchange.models import Application, ApplicationStatus, Opening, OpeningStatus, Visibility
from exchange.services.rules import shared_errors
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


@dataclass
class OpeningData:
    """What HR or a leader fills in for an opening."""

    workplace_unit_id: int
    title: str
    description: str
    kind: str
    format: str
    period_start: date
    period_end: date
    professions: list
    expires_on: date
    contact_name: str
    contact_email: str
    days_per_week: int | None = None
    duration_weeks: int | None = None
    learning_tags: tuple = ()
    requirements: str = ""
    excluded_tasks: str = ""
    capacity: int = 1
    visibility: str = Visibility.ALL
    network: object | None = None


def _workplace_for(actor: Actor, unit_id: int):
    """The workplace in the actor's own municipality that the actor may post
    for: any workplace for HR, their own workplace for a leader."""
    if connection.tenant is None or getattr(connection.tenant, "pk", None) != actor.municipality_id:
        raise RuntimeError("Exchange services run in the actor's own municipality schema.")
    workplaces = people.workplaces()
    if actor.has_role(Role.HR):
        workplace = workplaces.filter(pk=unit_id).first()
    elif actor.has_role(Role.LEADER):
        workplace = workplaces.filter(pk=unit_id, pk__in=people.workplace_ids_of(actor)).first()
    else:
        workplace = None
    if workplace is None:
        raise ValidationError(
            {"workplace_unit_id": _("Choose a workplace you may post openings for.")}
        )
    return workplace


def _check(data: OpeningData, municipality) -> None:
    errors = shared_errors(data, municipality)
    if not data.professions:
        errors.setdefault("professions", []).append(_("Choose at least one profession."))
    if not data.capacity or data.capacity < 1:
        errors.setdefault("capacity", []).append(_("An opening has at least one place."))
    if data.expires_on > data.period_end:
        errors.setdefault("expires_on", []).append(
            _("Applications must close before the period ends.")
        )
    if errors:
        raise ValidationError(errors)


def _index(opening: Opening) -> None:
    """Refresh the Danish full-text vector (title, workplace, description,
    professions and competences in both languages)."""
    words = " ".join(
        [f"{p.name_da} {p.name_en}" for p in opening.professions.all()]
        + [f"{t.name_da} {t.name_en}" for t in opening.learning_tags.all()]
    )
    Opening.objects.filter(pk=opening.pk).update(
        search_vector=SearchVector("title", weight="A", config="danish")
        + SearchVector("workplace_name", Value(words), weight="B", config="danish")
        + SearchVector("description", "requirements", weight="C", config="danish")
    )


# The plain fields of OpeningData that are copied onto an Opening.
OPENING_FIELDS = (
    "title",
    "description",
    "kind",
    "format",
    "days_per_week",
    "period_start",
    "period_end",
    "duration_weeks",
    "requirements",
    "excluded_tasks",
    "capacity",
    "contact_name",
    "contact_email",
    "visibility",
    "network",
    "expires_on",
)


def _apply(opening: Opening, data: OpeningData, workplace) -> None:
    for field in OPENING_FIELDS:
        setattr(opening, field, getattr(data, field))
    opening.workplace_unit_id = workplace.pk
    opening.workplace_name = workplace.name
    # Distances are measured from the workplace when HR has given its place.
    opening.latitude, opening.longitude = people.workplace_place(workplace)


@transaction.atomic
def opening_create(*, actor: Actor, data: OpeningData) -> Opening:
    """A draft opening at a workplace of the actor's municipality. HR of the
    municipality, or the leader of that workplace, calls it."""
    workplace = _workplace_for(actor, data.workplace_unit_id)
    municipality = actor.municipality
    _check(data, municipality)
    opening = Opening(municipality=municipality, created_by=actor if actor.is_person else None)
    _apply(opening, data, workplace)
    opening.full_clean(exclude=["search_vector"])
    opening.save()
    opening.professions.set(data.professions)
    opening.learning_tags.set(data.learning_tags)
    _index(opening)
    audit_record_public(
        actor=actor, action="opening.created", target=opening, municipality=municipality
    )
    return opening


@transaction.atomic
def opening_update(*, actor: Actor, opening: Opening, data: OpeningData) -> Opening:
    """Change a draft or published opening. Its managers call it (see
    selectors.opening_for_manager)."""
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status not in (OpeningStatus.DRAFT, OpeningStatus.PUBLISHED):
        raise ValidationError(
            _("A %(status)s opening cannot be changed.") % {"status": opening.get_status_display()}
        )
    workplace = _workplace_for(actor, data.workplace_unit_id)
    _check(data, opening.municipality)
    if data.capacity < opening.places_taken:
        raise ValidationError(
            {"capacity": _("%(n)s places are already taken.") % {"n": opening.places_taken}}
        )
    _apply(opening, data, workplace)
    opening.full_clean(exclude=["search_vector"])
    opening.save()
    opening.professions.set(data.professions)
    opening.learning_tags.set(data.learning_tags)
    _index(opening)
    audit_record_public(
        actor=actor, action="opening.changed", target=opening, municipality=opening.municipality
    )
    hooks.opening_changed.send(sender=Opening, opening=opening, actor=actor)
    return opening


@transaction.atomic
def opening_publish(*, actor: Actor, opening: Opening) -> Opening:
    """Publish a draft (or an expired opening with a new closing date)."""
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status not in (OpeningStatus.DRAFT, OpeningStatus.EXPIRED):
        raise ValidationError(_("Only a draft or an expired opening can be published."))
    if opening.expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Set a closing date in the future first.")})
    opening.status = OpeningStatus.PUBLISHED
    opening.published_at = timezone.now()
    opening.save(update_fields=["status", "published_at", "updated_at"])
    audit_record_public(
        actor=actor, action="opening.published", target=opening, municipality=opening.municipality
    )
    return opening


@transaction.atomic
def opening_renew(*, actor: Actor, opening: Opening, expires_on: date) -> Opening:
    """Move the closing date of a published or expired opening; an expired
    one is published again."""
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status not in (OpeningStatus.PUBLISHED, OpeningStatus.EXPIRED):
        raise ValidationError(_("Only a published or expired opening can be renewed."))
    if expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The new closing date is in the past.")})
    if expires_on > opening.period_end:
        raise ValidationError({"expires_on": _("Applications must close before the period ends.")})
    opening.expires_on = expires_on
    opening.status = OpeningStatus.PUBLISHED
    opening.save(update_fields=["expires_on", "status", "updated_at"])
    audit_record_public(
        actor=actor,
        action="opening.renewed",
        target=opening,
        municipality=opening.municipality,
        data={"expires_on": expires_on.isoformat()},
    )
    return opening


@transaction.atomic
def opening_withdraw(*, actor: Actor, opening: Opening, reason: str) -> Opening:
    """Withdraw an opening; a reason is required and kept."""
    reason = required_text(reason, "reason", _("Give a reason for withdrawing the opening."))
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status in (OpeningStatus.WITHDRAWN, OpeningStatus.FILLED):
        raise ValidationError(
            _("The opening is already %(status)s.")
            % {"status": opening.get_status_display().lower()}
        )
    opening.status = OpeningStatus.WITHDRAWN
    opening.withdrawn_reason = reason
    opening.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    audit_record_public(
        actor=actor,
        action="opening.withdrawn",
        target=opening,
        municipality=opening.municipality,
        data={"reason": reason},
    )
    _answer_waiting_applicants(opening, reason)
    hooks.opening_changed.send(sender=Opening, opening=opening, actor=actor)
    return opening


def _answer_waiting_applicants(opening: Opening, reason: str) -> None:
    """Applications still waiting when an opening is withdrawn are declined
    with the opening's reason, and the applicants told."""
    waiting = list(
        Application.objects.select_for_update()
        .filter(opening=opening, status=ApplicationStatus.SUBMITTED)
        .select_related("applicant", "opening")
    )
    Application.objects.filter(pk__in=[a.pk for a in waiting]).update(
        status=ApplicationStatus.DECLINED, decision_reason=reason, decided_at=timezone.now()
    )
    send_after_commit(
        [
            mail_for(
                a.applicant,
                "exchange/mail/application_declined.txt",
                "/exchange/my-swaps/",
                application=a,
                reason=reason,
            )
            for a in waiting
        ]
    )


def openings_expire_due(*, today: date | None = None) -> int:
    """Mark published openings whose closing date has passed as expired. The
    platform (beat) calls it daily; safe to run twice."""
    today = today or timezone.localdate()
    expired = 0
    for opening in Opening.objects.filter(status=OpeningStatus.PUBLISHED, expires_on__lt=today):
        with transaction.atomic():
            updated = Opening.objects.filter(pk=opening.pk, status=OpeningStatus.PUBLISHED).update(
                status=OpeningStatus.EXPIRED
            )
            if updated:
                expired += 1
                audit_record_public(
                    actor=None,
                    action="opening.expired",
                    target=opening,
                    municipality=opening.municipality,
                )
    return expired
