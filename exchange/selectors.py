"""Reads of the exchange. The public schema gives no isolation of its own, so
every read here is scoped to what the viewer's municipality (or API client's
organisation) may see, and a single object is fetched by id and scope
together: missing and not-yours are the same DoesNotExist."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

from accounts.models import Role
from exchange.models import Opening, OpeningStatus, Visibility
from notifications.waiting import WaitingItem
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
    if not 0 < opening_id < 2**63:
        raise Opening.DoesNotExist
    return managed_openings(user).get(pk=opening_id)


def opening_for_viewer(*, user, opening_id: int) -> Opening:
    """A published opening the user's municipality may see, any opening the
    user manages, or one the user has applied to; DoesNotExist alike for
    missing and forbidden."""
    if not 0 < opening_id < 2**63:
        raise Opening.DoesNotExist
    openings = Opening.objects.select_related("municipality", "network").prefetch_related(
        "professions", "learning_tags"
    )
    from exchange.models import Application

    scope = Q(visibility_filter(user.municipality), status=OpeningStatus.PUBLISHED)
    if user.municipality_id:
        scope |= Q(pk__in=managed_openings(user).values("pk"))
        # An applicant keeps seeing the opening after it is filled or closed.
        scope |= Q(pk__in=Application.objects.filter(applicant_id=user.pk).values("opening_id"))
    return openings.filter(scope).get(pk=opening_id)


# --- Search ------------------------------------------------------------------

SORTS = ("relevance", "newest", "start", "distance", "closing")


@dataclass
class OpeningQuery:
    text: str = ""
    professions: list[str] = field(default_factory=list)  # profession codes
    kinds: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    municipalities: list[int] = field(default_factory=list)  # official codes
    max_distance_km: int | None = None
    window_start: date | None = None
    window_end: date | None = None
    days_per_week: list[int] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    published_after: object = None  # a datetime, for digests of what is new


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class OpeningSearchResult:
    openings: list[Opening]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]


def _distance_km(origin: Municipality):
    """Great-circle distance from ``origin`` to the opening's municipality,
    from the municipalities' locations (km)."""
    lat1, lon1 = Radians(Value(float(origin.latitude))), Radians(Value(float(origin.longitude)))
    lat2, lon2 = Radians(F("municipality__latitude")), Radians(F("municipality__longitude"))
    cosine = Cos(lat1) * Cos(lat2) * Cos(lon2 - lon1) + Sin(lat1) * Sin(lat2)
    return Value(6371.0) * ACos(Least(Value(1.0), cosine), output_field=FloatField())


def _filters(query: OpeningQuery, *, skip: str = "") -> Q:
    q = Q()
    if query.professions and skip != "professions":
        # A subquery, not a join: no opening is counted twice, so no DISTINCT.
        q &= Q(
            pk__in=Opening.professions.through.objects.filter(
                profession__code__in=query.professions
            ).values("opening_id")
        )
    if query.kinds and skip != "kinds":
        q &= Q(kind__in=query.kinds)
    if query.formats and skip != "formats":
        q &= Q(format__in=query.formats)
    if query.municipalities and skip != "municipalities":
        q &= Q(municipality__code__in=query.municipalities)
    if query.days_per_week and skip != "days_per_week":
        q &= Q(days_per_week__in=query.days_per_week)
    if query.window_start:
        q &= Q(period_end__gte=query.window_start)
    if query.window_end:
        q &= Q(period_start__lte=query.window_end)
    return q


def opening_search(
    *, viewer_municipality: Municipality | None, query: OpeningQuery
) -> OpeningSearchResult:
    """Published openings the viewer's municipality may see, filtered, with a
    count per facet value (each facet counted with every other filter applied,
    so choosing one profession still shows how many the others have). The
    number of queries is the same whatever the page size."""
    from exchange.models import SwapFormat, SwapKind
    from vocabulary.models import Profession

    base = visible_openings(viewer_municipality)
    if query.published_after is not None:
        base = base.filter(published_at__gt=query.published_after)
    if query.text.strip():
        search = SearchQuery(query.text.strip(), config="danish", search_type="websearch")
        base = base.filter(search_vector=search)
    else:
        search = None
    if query.max_distance_km is not None and viewer_municipality is not None:
        base = base.annotate(distance_km=_distance_km(viewer_municipality)).filter(
            distance_km__lte=query.max_distance_km
        )

    def counts(facet: str, key: str) -> dict:
        # Every filter is a plain condition or a subquery, and each opening has
        # a profession at most once: a plain COUNT per group is exact.
        rows = (
            base.filter(_filters(query, skip=facet)).values(key).annotate(n=Count("pk")).order_by()
        )
        return {row[key]: row["n"] for row in rows}

    profession_counts = counts("professions", "professions__code")
    kind_counts = counts("kinds", "kind")
    format_counts = counts("formats", "format")
    by_municipality = counts("municipalities", "municipality_id")
    municipality_rows = Municipality.objects.filter(pk__in=by_municipality).values_list(
        "pk", "code", "name"
    )
    municipality_counts = {code: by_municipality[pk] for pk, code, _name in municipality_rows}
    municipalities = {code: name for _pk, code, name in municipality_rows}
    days_counts = counts("days_per_week", "days_per_week")

    matching = base.filter(_filters(query))
    total = matching.count()
    ordered = matching
    if viewer_municipality is not None:
        ordered = ordered.annotate(distance_km=_distance_km(viewer_municipality))
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "relevance" and search is not None:
        ordered = ordered.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
            "-rank", "-published_at", "-pk"
        )
    elif sort == "distance" and viewer_municipality is not None:
        ordered = ordered.order_by("distance_km", "-published_at", "-pk")
    elif sort == "start":
        ordered = ordered.order_by("period_start", "-pk")
    elif sort == "closing":
        ordered = ordered.order_by("expires_on", "-pk")
    else:
        ordered = ordered.order_by("-published_at", "-pk")
    page_size = max(1, min(query.page_size, 100))
    pages = max(1, -(-total // page_size))
    page = max(1, min(query.page, pages))
    start = (page - 1) * page_size
    openings = list(
        ordered.select_related("municipality", "network").prefetch_related(
            "professions", "learning_tags"
        )[start : start + page_size]
    )

    professions = {p.code: p.name for p in Profession.objects.filter(code__in=profession_counts)}
    facets = {
        "professions": sorted(
            (
                FacetValue(code, professions.get(code, code), n, code in query.professions)
                for code, n in profession_counts.items()
                if code
            ),
            key=lambda f: (-f.count, f.label),
        ),
        "kinds": [
            FacetValue(v, label, kind_counts[v], v in query.kinds)
            for v, label in SwapKind.choices
            if v in kind_counts
        ],
        "formats": [
            FacetValue(v, label, format_counts[v], v in query.formats)
            for v, label in SwapFormat.choices
            if v in format_counts
        ],
        "municipalities": sorted(
            (
                FacetValue(
                    code, municipalities.get(code, str(code)), n, code in query.municipalities
                )
                for code, n in municipality_counts.items()
            ),
            key=lambda f: f.label,
        ),
        "days_per_week": [
            FacetValue(d, str(d), days_counts[d], d in query.days_per_week)
            for d in sorted(k for k in days_counts if k)
        ],
    }
    return OpeningSearchResult(openings, total, page, pages, facets)


def opening_manageable_by(user, opening: Opening) -> bool:
    """Whether ``user`` may change ``opening`` (for showing the buttons)."""
    return user.municipality_id is not None and _manages(user, opening)


# --- Applications and swaps ---------------------------------------------------


def applications_of(user):
    from exchange.models import Application

    return (
        Application.objects.filter(applicant=user)
        .select_related("opening__municipality")
        .order_by("-created_at")
    )


def applications_to_manage(user, opening: Opening):
    """Applications to ``opening`` if ``user`` manages it; else none."""
    from exchange.models import Application

    if not opening_manageable_by(user, opening):
        return Application.objects.none()
    return opening.applications.select_related("applicant", "applicant_municipality").order_by(
        "created_at"
    )


def application_for_manager(*, user, application_id: int):
    from exchange.models import Application

    if not 0 < application_id < 2**63:
        raise Application.DoesNotExist
    application = Application.objects.select_related("opening").filter(pk=application_id).first()
    if application is None or not opening_manageable_by(user, application.opening):
        raise Application.DoesNotExist
    return application


def application_of_applicant(*, user, application_id: int):
    from exchange.models import Application

    if not 0 < application_id < 2**63:
        raise Application.DoesNotExist
    return Application.objects.select_related("opening").get(pk=application_id, applicant=user)


def host_side_open(party, parties) -> bool:
    """Whether the receiving side may see ``party`` yet. In a mutual swap the
    receiving workplace is the other swapper's own; its leader and HR learn of
    the swap only when that swapper has involved their leader (the employee
    decides when)."""
    if (
        party.home_municipality_id == party.host_municipality_id
        and party.leader_involved_at is None
    ):
        # Within one municipality the receiving side is the swapper's own
        # organisation: it learns of the swap when the swapper says so.
        return False
    return all(
        other.leader_involved_at is not None
        for other in parties
        if other.pk != party.pk and other.home_municipality_id == party.host_municipality_id
    )


def disclosed_to(user, party) -> bool:
    """Whether ``user`` may see who the swapper of ``party`` is. The swapper's
    own municipality (leader, HR, colleagues) learns it only when the swapper
    involves their leader; the receiving side sees whom it receives."""
    return (
        party.swapper_id == user.pk
        or party.leader_involved_at is not None
        or party.home_municipality_id != user.municipality_id
    )


def mark_disclosure(user, swaps) -> None:
    """Set ``disclosed`` on every party of ``swaps`` for the templates."""
    for swap in swaps:
        for party in swap.parties.all():
            party.disclosed = disclosed_to(user, party)


def _swap_roles(user, swap) -> set[str]:
    """How ``user`` takes part in ``swap``: swapper, home_leader (once
    involved), host_leader, hr (home once the leader is involved, host
    always), manager (of the opening)."""
    roles = set()
    parties = list(swap.parties.all())
    for party in parties:
        if party.swapper_id == user.pk:
            roles.add("swapper")
        if user.municipality_id == party.host_municipality_id and host_side_open(party, parties):
            if user.has_role(Role.HR):
                roles.add("hr")
            if user.has_role(Role.LEADER) and any(
                u.pk == user.pk for u in people.host_leaders(party)
            ):
                roles.add("host_leader")
        if user.municipality_id == party.home_municipality_id and party.leader_involved_at:
            if user.has_role(Role.HR):
                roles.add("hr")
            if user.has_role(Role.LEADER) and any(
                u.pk == user.pk for u in people.home_leaders(party)
            ):
                roles.add("home_leader")
    if swap.opening_id and opening_manageable_by(user, swap.opening):
        roles.add("manager")
    return roles


def swap_for_participant(*, user, swap_id: int):
    """The swap with its roles for ``user``, if they take part; DoesNotExist
    alike for missing and not theirs."""
    from exchange.models import Swap

    if not 0 < swap_id < 2**63 or user.municipality_id is None:
        raise Swap.DoesNotExist
    swap = (
        Swap.objects.select_related("opening__municipality", "application")
        .prefetch_related(
            "parties__swapper", "parties__home_municipality", "parties__host_municipality"
        )
        .filter(pk=swap_id)
        .first()
    )
    if swap is None:
        raise Swap.DoesNotExist
    roles = _swap_roles(user, swap)
    if not roles:
        raise Swap.DoesNotExist
    swap.viewer_roles = roles
    return swap


def swaps_for(user):
    """Every swap ``user`` takes part in (see _swap_roles), newest first."""
    from exchange.models import Swap

    if user.municipality_id is None:
        return []
    candidates = (
        Swap.objects.filter(
            Q(parties__home_municipality_id=user.municipality_id)
            | Q(parties__host_municipality_id=user.municipality_id)
        )
        .distinct()
        .select_related("opening__municipality")
        .prefetch_related(
            "parties__swapper", "parties__home_municipality", "parties__host_municipality"
        )
        .order_by("-created_at")
    )
    result = []
    for swap in candidates:
        roles = _swap_roles(user, swap)
        if roles:
            swap.viewer_roles = roles
            result.append(swap)
    return result


def waiting_for(user) -> list[WaitingItem]:
    """What waits for ``user`` to act, across openings and swaps."""
    from django.utils.translation import gettext as _

    from exchange.models import Application, ApplicationStatus, SwapStatus
    from exchange.services.swaps import acceptance_roles_of

    items: list[WaitingItem] = []
    if user.municipality_id is None:
        return items
    if user.has_role(Role.HR) or user.has_role(Role.LEADER):
        pending = (
            Application.objects.filter(
                opening__in=managed_openings(user), status=ApplicationStatus.SUBMITTED
            )
            .select_related("opening")
            .order_by("created_at")
        )
        for application in pending:
            items.append(
                WaitingItem(
                    _("Answer an application to “%(t)s”") % {"t": application.opening.title},
                    f"/exchange/openings/{application.opening_id}/",
                )
            )
    for swap in swaps_for(user):
        url = f"/exchange/swaps/{swap.pk}/"
        parties = list(swap.parties.all())
        if swap.status == SwapStatus.AWAITING_APPROVAL:
            for party in parties:
                if party.swapper_id == user.pk and party.leader_involved_at is None:
                    items.append(WaitingItem(_("Ask your leader to approve your swap"), url))
                home_here = user.municipality_id == party.home_municipality_id
                host_here = user.municipality_id == party.host_municipality_id
                if (
                    "home_leader" in swap.viewer_roles
                    and home_here
                    and party.leader_involved_at
                    and party.home_approved_at is None
                    and any(u.pk == user.pk for u in people.home_leaders(party))
                ):
                    items.append(
                        WaitingItem(
                            _("Approve or decline the swap of %(n)s")
                            % {"n": party.swapper.full_name},
                            url,
                        )
                    )
                if (
                    "host_leader" in swap.viewer_roles
                    and host_here
                    and host_side_open(party, parties)
                    and party.host_approved_at is None
                    and any(u.pk == user.pk for u in people.host_leaders(party))
                ):
                    items.append(
                        WaitingItem(
                            _("Approve or decline a swapper coming to %(w)s")
                            % {"w": party.host_workplace_name},
                            url,
                        )
                    )
                if "hr" in swap.viewer_roles and party.home_approved_at and party.host_approved_at:
                    for here, municipality, done in (
                        (home_here, party.home_municipality, party.home_med_acknowledged_at),
                        (host_here, party.host_municipality, party.host_med_acknowledged_at),
                    ):
                        if here and municipality.med_acknowledgement_required and not done:
                            items.append(
                                WaitingItem(_("Record the MED acknowledgement of a swap"), url)
                            )
        elif swap.status == SwapStatus.APPROVED:
            agreement = swap.agreement
            mine = acceptance_roles_of(user, swap)
            given = set(
                agreement.acceptances.filter(version=agreement.version).values_list(
                    "party_id", "role"
                )
            )
            if any((p.pk, role) not in given for p, role in mine):
                items.append(WaitingItem(_("Accept the swap agreement"), url))
    from exchange.models import Answer, ProposalMember

    for member in ProposalMember.objects.filter(
        owner_id=user.pk, live=True, answer=Answer.PENDING
    ).values_list("proposal_id", flat=True):
        items.append(
            WaitingItem(_("Answer a proposed swap from matching"), f"/exchange/proposals/{member}/")
        )
    return items


# --- Swap requests -------------------------------------------------------------


def visible_requests(municipality):
    from exchange.models import RequestStatus, SwapRequest

    return SwapRequest.objects.filter(visibility_filter(municipality), status=RequestStatus.ACTIVE)


def request_for_viewer(*, user, request_id: int):
    """An active swap request the user's municipality may see, or one of the
    user's own; DoesNotExist alike for missing and forbidden. The owner's
    identity is never part of what this returns to others (see templates)."""
    from exchange.models import SwapRequest

    if not 0 < request_id < 2**63:
        raise SwapRequest.DoesNotExist
    requests = SwapRequest.objects.select_related("profession", "municipality", "network")
    scope = Q(pk__in=visible_requests(user.municipality).values("pk")) | Q(owner_id=user.pk)
    return requests.filter(scope).get(pk=request_id)


def own_requests(user):
    from exchange.models import SwapRequest

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
    from vocabulary.models import Profession

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
