"""Before and during the swap: the network map, the people at the host the
swapper should know."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.posted import required_text
from exchange.journey.models import NetworkContact, Owner
from exchange.journey.selectors import JourneyAccess
from exchange.journey.services._common import bounded, in_home, require_role


def network_contact_add(
    *, actor: User, access: JourneyAccess, name: str, role: str
) -> NetworkContact:
    """The host adds someone the swapper should know (the host leader, or the
    swapper noting someone they met). Journey.DoesNotExist for the other
    participants."""
    require_role(access, Owner.HOST_LEADER, Owner.SWAPPER)
    name = bounded(required_text(name, "name", _("Write a name.")), 160, "name")
    role = bounded(
        required_text(role, "role", _("Write the role and why to know them.")), 300, "role"
    )
    with in_home(access), transaction.atomic():
        contact = NetworkContact.objects.create(
            journey=access.journey, name=name, role=role, added_by_id=actor.pk
        )
        audit_record_local(actor=actor, action="journey.contact_added", target=contact)
    return contact
