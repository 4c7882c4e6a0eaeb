"""Reads of openings. The public schema gives no isolation of its own, so
every read is scoped to what the viewer's municipality (or API client's
organisation) may see, and a single object is fetched by id and scope
together: missing and not-yours are the same DoesNotExist."""

from django.db.models import Q, QuerySet

from accounts.models import Role
from config.posted import storable_id
from exchange.models import Application, Opening, OpeningStatus, Visibility
from tenants.models import Municipality
from tenants.organisation import people


def network_ids(municipality: Municipality) -> list[int]:
    return list(municipality.network_memberships.values_list("network_id", flat=True))


def visibility_filter(municipality: Municipality | None) -> Q:
    """What a municipality may see of other municipalities' publications;
    None (a course provider, say) sees only what is open to all."""
    if municipality is None:
        return Q(visibility=Visibility.ALL)
    return (
        Q(visibility=Visibility.ALL)
        | Q(visibility=Visibility.NETWORK, network_id__in=network_ids(municipality))
        | Q(visibility=Visibility.MUNICIPALITY, municipality=municipality)
    )


def visible_openings(municipality: Municipality | None) -> QuerySet[Opening]:
    return Opening.objects.filter(visibility_filter(municipality), status=OpeningStatus.PUBLISHED)


def _manages(user, opening: Opening) -> bool:
    if user.municipality_id != opening.municipality_id:
        return False
    if user.has_role(Role.HR):
        return True
    if user.has_role(Role.LEADER):
        return opening.workplace_unit_id in people.workplace_ids_of(user)
    return False


def managed_openings(user) -> QuerySet[Opening]:
    """Every opening (any status) the user may change: HR all of their
    municipality's, a leader their own workplace's. Call in the user's schema."""
    openings = Opening.objects.filter(municipality_id=user.municipality_id)
    if user.has_role(Role.HR):
        return openings
    if user.has_role(Role.LEADER):
        return openings.filter(workplace_unit_id__in=people.workplace_ids_of(user))
    return openings.none()


def opening_for_manager(*, user, opening_id: int) -> Opening:
    """The opening if ``user`` may change it; DoesNotExist alike for missing
    and forbidden."""
    if not storable_id(opening_id):
        raise Opening.DoesNotExist
    return managed_openings(user).get(pk=opening_id)


def opening_for_viewer(*, user, opening_id: int) -> Opening:
    """A published opening the user's municipality may see, any opening the
    user manages, or one the user has applied to; DoesNotExist alike for
    missing and forbidden."""
    if not storable_id(opening_id):
        raise Opening.DoesNotExist
    openings = Opening.objects.select_related("municipality", "network").prefetch_related(
        "professions", "learning_tags"
    )
    scope = Q(visibility_filter(user.municipality), status=OpeningStatus.PUBLISHED)
    if user.municipality_id:
        scope |= Q(pk__in=managed_openings(user).values("pk"))
        # An applicant keeps seeing the opening after it is filled or closed.
        scope |= Q(pk__in=Application.objects.filter(applicant_id=user.pk).values("opening_id"))
    return openings.filter(scope).get(pk=opening_id)


def opening_manageable_by(user, opening: Opening) -> bool:
    """Whether ``user`` may change ``opening`` (for showing the buttons)."""
    return user.municipality_id is not None and _manages(user, opening)
