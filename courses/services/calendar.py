"""A participant's calendar feed: the address of every module of their
cohorts is signed with the user's calendar_feed_version, so it stays the
same until they ask for a new one."""

from django.db import transaction
from django.db.models import F

from accounts.models import User
from audit.services import audit_record_public


@transaction.atomic
def calendar_feed_renew(*, actor: User) -> None:
    """Any signed-in person gives their own calendar feed a new address; the
    old one stops working (e.g. when it was shared by mistake)."""
    User.objects.filter(pk=actor.pk).update(calendar_feed_version=F("calendar_feed_version") + 1)
    actor.refresh_from_db(fields=["calendar_feed_version"])
    audit_record_public(
        actor=actor,
        action="calendar_feed.renewed",
        target=actor,
        municipality=actor.municipality,
        data={"version": actor.calendar_feed_version},
    )
