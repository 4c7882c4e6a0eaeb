"""Before the swap: the municipality's checklist template (HR shapes it;
seeded from the guide) and each journey's checklist, ticked off by the
owner of each item."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_local
from exchange.journey.models import ChecklistItem, ChecklistTemplateItem, Journey, Owner
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import in_home

# The guide's "before" (001, points 1–3): what a good start needs. HR shapes
# its own list; a municipality without one starts from this.
DEFAULT_CHECKLIST = [
    (
        "Forberedende samtale med coach",
        "Formålet skærpes på tre niveauer: for dig, for de to arbejdspladser og for "
        "organisationen.",
        Owner.COACH,
        21,
    ),
    (
        "Fælles forventningsmøde med begge ledere",
        "Hvad skal jobbytteren lære og bidrage med, og hvad må opgaverne ikke være?",
        Owner.HOME_LEADER,
        14,
    ),
    (
        "Netværkskort: nøglepersoner på værtsarbejdspladsen",
        "Hvem skal jobbytteren kende, og hvorfor? Udfyldes af værten.",
        Owner.HOST_LEADER,
        10,
    ),
    (
        "Besøg på værtsarbejdspladsen",
        "En første dag for at se stedet og møde kolleger.",
        Owner.SWAPPER,
        7,
    ),
    ("Overdragelse af egne opgaver", "Hvem tager hvad, mens du er væk?", Owner.SWAPPER, 5),
    ("Ryddeligt skrivebord", "Det, der venter, er afsluttet eller overdraget.", Owner.SWAPPER, 1),
]


# --- The municipality's template (HR) ------------------------------------------------


def checklist_template_items() -> list[ChecklistTemplateItem]:
    """The municipality's checklist template, seeded from the guide the first
    time it is asked for (a write, hence a service). Anyone's page or service
    in the municipality's schema may call it."""
    items = list(ChecklistTemplateItem.objects.all())
    if items:
        return items
    for position, (title, description, owner, days) in enumerate(DEFAULT_CHECKLIST):
        ChecklistTemplateItem.objects.create(
            title=title,
            description=description,
            owner=owner,
            days_before_start=days,
            position=position,
        )
    return list(ChecklistTemplateItem.objects.all())


@transaction.atomic
def checklist_template_item_add(
    *, actor: User, title: str, owner: str, days_before_start: int | None, description: str = ""
) -> ChecklistTemplateItem:
    """HR adds to the municipality's checklist; new journeys get it (call in
    its schema). ChecklistTemplateItem.DoesNotExist for anyone else."""
    if not actor.has_role(Role.HR):
        raise ChecklistTemplateItem.DoesNotExist
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if owner not in Owner.values:
        errors["owner"] = [_("Choose who does it.")]
    if not isinstance(days_before_start, int) or not 0 <= days_before_start <= 365:
        errors["days_before_start"] = [_("Give a number of days from 0 to 365.")]
    if errors:
        raise ValidationError(errors)
    checklist_template_items()
    position = ChecklistTemplateItem.objects.count()
    item = ChecklistTemplateItem.objects.create(
        title=title.strip()[:200],
        description=(description or "").strip(),
        owner=owner,
        days_before_start=days_before_start,
        position=position,
    )
    audit_record_local(actor=actor, action="journey.template_item_added", target=item)
    return item


@transaction.atomic
def checklist_template_item_remove(*, actor: User, item_id: int) -> None:
    """HR removes an item from the municipality's checklist (journeys already
    started keep theirs; call in its schema). ChecklistTemplateItem.DoesNotExist
    alike for a missing item and anyone but HR."""
    if not actor.has_role(Role.HR):
        raise ChecklistTemplateItem.DoesNotExist
    item = ChecklistTemplateItem.objects.filter(pk=item_id).first()
    if item is None:
        raise ChecklistTemplateItem.DoesNotExist
    audit_record_local(actor=actor, action="journey.template_item_removed", target=item)
    item.delete()


# --- A journey's checklist ------------------------------------------------------------


def checklist_item_tick_off(*, actor: User, access: JourneyAccess, item_id: int) -> ChecklistItem:
    """The item's owner (or HR of the home municipality) ticks it off; a
    second tick changes nothing. Journey.DoesNotExist alike for a missing
    item, another journey's and one that is not the participant's to tick."""
    with in_home(access), transaction.atomic():
        item = (
            ChecklistItem.objects.select_for_update()
            .filter(pk=item_id, journey=access.journey)
            .first()
        )
        if item is None or not (access.owns(item.owner) or Owner.HR in access.roles):
            raise Journey.DoesNotExist
        if item.done_at is None:
            item.done_at = timezone.now()
            item.done_by_id = actor.pk
            item.save(update_fields=["done_at", "done_by"])
            audit_record_local(actor=actor, action="journey.checklist_done", target=item)
        return item
