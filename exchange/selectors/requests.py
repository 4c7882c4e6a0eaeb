"""Reads of swap requests: what a municipality may see of others' (never
the owner's name), one's own, and search with facets."""

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Q

from config.posted import storable_id
from exchange.models import RequestStatus, SwapRequest
from exchange.selectors.openings import visibility_filter
from exchange.selectors.search import FacetValue, OpeningSearchResult
from tenants.models import Municipality
from vocabulary.models import Profession


def visible_requests(municipality):
    return SwapRequest.objects.filter(visibility_filter(municipality), status=RequestStatus.ACTIVE)


def request_for_viewer(*, user, request_id: int):
    """An active swap request the user's municipality may see, or one of the
    user's own; DoesNotExist alike for missing and forbidden. The owner's
    identity is never part of what this returns to others (see templates)."""
    if not storable_id(request_id):
        raise SwapRequest.DoesNotExist
    requests = SwapRequest.objects.select_related("profession", "municipality", "network")
    scope = Q(pk__in=visible_requests(user.municipality).values("pk")) | Q(owner_id=user.pk)
    return requests.filter(scope).get(pk=request_id)


def own_requests(user):
    return (
        SwapRequest.objects.filter(owner=user)
        .select_related("profession", "municipality")
        .prefetch_related(
            "interests_received__from_request__profession",
            "interests_received__from_request__municipality",
        )
        .order_by("-created_at")
    )


def request_search(
    *, viewer, text: str = "", professions=(), municipalities=(), page: int = 1, page_size: int = 20
) -> OpeningSearchResult:
    """Active swap requests the viewer's municipality may see (others' only),
    with profession and municipality facets, newest first."""
    base = visible_requests(viewer.municipality).exclude(owner_id=viewer.pk)
    if text.strip():
        query = SearchQuery(text.strip(), config="danish", search_type="websearch")
        base = base.filter(search_vector=query)

    def filters(skip=""):
        q = Q()
        if professions and skip != "professions":
            q &= Q(profession__code__in=professions)
        if municipalities and skip != "municipalities":
            q &= Q(municipality__code__in=municipalities)
        return q

    profession_counts = {
        row["profession__code"]: row["n"]
        for row in base.filter(filters("professions"))
        .values("profession__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    municipality_counts = {
        row["municipality__code"]: row["n"]
        for row in base.filter(filters("municipalities"))
        .values("municipality__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    matching = base.filter(filters()).distinct()
    total = matching.count()
    pages = max(1, -(-total // page_size))
    page = max(1, min(page, pages))
    start = (page - 1) * page_size
    items = list(
        matching.select_related("profession", "municipality")
        .prefetch_related("wished_professions")
        .order_by("-created_at", "-pk")[start : start + page_size]
    )
    names = {p.code: p.name for p in Profession.objects.filter(code__in=profession_counts)}
    municipality_names = dict(
        Municipality.objects.filter(code__in=municipality_counts).values_list("code", "name")
    )
    facets = {
        "professions": sorted(
            (
                FacetValue(c, names.get(c, c), n, c in professions)
                for c, n in profession_counts.items()
            ),
            key=lambda f: (-f.count, f.label),
        ),
        "municipalities": sorted(
            (
                FacetValue(c, municipality_names.get(c, str(c)), n, c in municipalities)
                for c, n in municipality_counts.items()
            ),
            key=lambda f: f.label,
        ),
    }
    return OpeningSearchResult(items, total, page, pages, facets)
