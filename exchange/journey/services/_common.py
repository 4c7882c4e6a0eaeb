"""What every service of the journey shares: the journey's address for mail,
the home municipality's schema as the place every write happens, the role a
write needs, and refusing over-long text rather than cutting it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from exchange.journey.models import Journey
from exchange.journey.selectors import JourneyAccess


def bounded(text: str, limit: int, field: str) -> str:
    """Refuse, rather than cut, what is longer than the field holds."""
    if len(text) > limit:
        raise ValidationError({field: [_("At most %(n)s characters, please.") % {"n": limit}]})
    return text


def journey_path(journey: Journey) -> str:
    """The journey page, for links in mail (on the recipient's own site)."""
    return f"/exchange/swaps/{journey.swap_id}/journey/{journey.party_id}/"


def in_home(access: JourneyAccess):
    """The home municipality's schema, where the journey is kept (people of
    the host side act from their own site)."""
    return tenant_context(access.party.home_municipality)


def require_role(access: JourneyAccess, *owners: str) -> None:
    """Journey.DoesNotExist (the same as for a journey that is not theirs)
    unless the participant has one of ``owners``."""
    if not access.roles & set(owners):
        raise Journey.DoesNotExist
