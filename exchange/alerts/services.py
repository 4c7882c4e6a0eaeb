"""Saving searches and sending their daily digests of new openings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_local
from config.sites import organisation_site_url
from exchange.alerts.models import SavedSearch
from exchange.selectors import OpeningQuery, opening_search, query_from_params
from notifications.services import Mail, mail_for, send_after_commit
from tenants.organisation import people

MAX_SAVED = 20


@transaction.atomic
def saved_search_create(*, actor: User, name: str, querystring: str) -> SavedSearch:
    """An employee saves the current search of the browse page. Call in the
    employee's municipality schema."""
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if SavedSearch.objects.filter(user_id=actor.pk, active=True).count() >= MAX_SAVED:
        raise ValidationError(
            _("You have %(n)s saved searches; delete one first.") % {"n": MAX_SAVED}
        )
    query = QueryDict(querystring or "", mutable=True)
    query.pop("page", None)
    search = SavedSearch.objects.create(
        user_id=actor.pk, name=name, querystring=query.urlencode()[:2000]
    )
    audit_record_local(actor=actor, action="saved_search.created", target=search)
    return search


@transaction.atomic
def saved_search_stop(*, search: SavedSearch, actor: User | None = None) -> SavedSearch:
    """Stop the digest (the owner on the page, or anyone holding the
    unsubscribe link from the mail)."""
    if search.active:
        search.active = False
        search.save(update_fields=["active"])
        audit_record_local(actor=actor, action="saved_search.stopped", target=search)
    return search


def query_of(search: SavedSearch) -> OpeningQuery:
    return query_from_params(QueryDict(search.querystring), sort="newest", page=1, page_size=20)


def digests_send(*, now=None) -> int:
    """Mail each active saved search of this municipality the openings
    published since its last digest. Safe to run twice: a search whose new
    openings have been sent has nothing new the second time."""
    now = now or timezone.now()
    sent = 0
    for search in SavedSearch.objects.filter(active=True):
        user = (
            User.objects.filter(pk=search.user_id, is_active=True)
            .select_related("municipality")
            .first()
        )
        if user is None:
            continue
        query = query_of(search)
        query.published_after = search.last_sent_at or search.created_at
        result = opening_search(
            viewer_municipality=user.municipality,
            query=query,
            viewer_workplace_place=people.place_of(user),
        )
        with transaction.atomic():
            SavedSearch.objects.filter(pk=search.pk).update(last_sent_at=now)
            if result.total:
                unsubscribe = organisation_site_url(
                    user, f"/alerts/unsubscribe/{search.unsubscribe_token}/"
                )
                mail = mail_for(
                    user,
                    "exchange/mail/digest.txt",
                    f"/exchange/openings/?{search.querystring}",
                    search=search,
                    openings=result.openings,
                    total=result.total,
                    unsubscribe_link=unsubscribe,
                )
                send_after_commit([Mail(mail.to, mail.subject, mail.body, unsubscribe)])
                sent += 1
    return sent
