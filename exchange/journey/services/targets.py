"""HR's yearly target: how many swaps the municipality aims to start (the
director-contract figure the numbers for management measure against)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_local
from exchange.journey.models import Target


@transaction.atomic
def target_set(*, actor: User, year: int | None, swaps: int | None) -> Target:
    """HR sets the year's target (call in the municipality's schema).
    Target.DoesNotExist for anyone but HR."""
    if not actor.has_role(Role.HR):
        raise Target.DoesNotExist
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Give a year.")]})
    if not isinstance(swaps, int) or not 0 <= swaps <= 100000:
        raise ValidationError({"swaps": [_("Give a number of swaps.")]})
    target, _created = Target.objects.update_or_create(year=year, defaults={"swaps": swaps})
    audit_record_local(
        actor=actor, action="journey.target_set", target=target, data={"year": year, "swaps": swaps}
    )
    return target
