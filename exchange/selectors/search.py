"""Faceted search over published openings, and the reading of a search's
query string that the browse page, the partner API and saved searches
share (bad values are dropped, not errors)."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.functions import ACos, Coalesce, Cos, Greatest, Least, Radians, Sin

from exchange.models import Opening, SwapFormat, SwapKind
from exchange.selectors.openings import visible_openings
from tenants.models import Municipality
from vocabulary.models import Profession

SORTS = ("relevance", "newest", "start", "distance", "closing")
# The distances a search may be limited to, in km.
DISTANCES_KM = (25, 50, 100, 200)


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


def viewer_place(
    viewer_municipality: Municipality | None, place: tuple[float, float] | None = None
) -> tuple[float, float] | None:
    """Where distances are measured from: the viewer's own workplace's place
    when known (``place``, see tenants.organisation.people.place_of), else
    their municipality's centre; None for a viewer of no municipality."""
    if place is not None:
        return place
    if viewer_municipality is None:
        return None
    return float(viewer_municipality.latitude), float(viewer_municipality.longitude)


def _distance_km(origin: tuple[float, float]):
    """Great-circle distance (km) from ``origin`` (latitude, longitude) to
    the opening's place: its workplace's, or its municipality's centre when
    the opening has none."""
    lat1, lon1 = Radians(Value(float(origin[0]))), Radians(Value(float(origin[1])))
    lat2 = Radians(Coalesce(F("latitude"), F("municipality__latitude")))
    lon2 = Radians(Coalesce(F("longitude"), F("municipality__longitude")))
    cosine = Cos(lat1) * Cos(lat2) * Cos(lon2 - lon1) + Sin(lat1) * Sin(lat2)
    return Value(6371.0) * ACos(
        Greatest(Value(-1.0), Least(Value(1.0), cosine)), output_field=FloatField()
    )


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
    *,
    viewer_municipality: Municipality | None,
    query: OpeningQuery,
    viewer_workplace_place: tuple[float, float] | None = None,
) -> OpeningSearchResult:
    """Published openings the viewer's municipality may see, filtered, with a
    count per facet value (each facet counted with every other filter applied,
    so choosing one profession still shows how many the others have). The
    number of queries is the same whatever the page size. Distances (the
    filter, the sort and each opening's ``distance_km``) are measured from
    the viewer's own workplace when its place is known
    (``viewer_workplace_place``), else from their municipality's centre."""
    origin = viewer_place(viewer_municipality, viewer_workplace_place)
    base = visible_openings(viewer_municipality)
    if query.published_after is not None:
        base = base.filter(published_at__gt=query.published_after)
    if query.text.strip():
        search = SearchQuery(query.text.strip(), config="danish", search_type="websearch")
        base = base.filter(search_vector=search)
    else:
        search = None
    if query.max_distance_km is not None and origin is not None:
        base = base.annotate(distance_km=_distance_km(origin)).filter(
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
    if origin is not None:
        ordered = ordered.annotate(distance_km=_distance_km(origin))
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "relevance" and search is not None:
        ordered = ordered.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
            "-rank", "-published_at", "-pk"
        )
    elif sort == "distance" and origin is not None:
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


def _cleaned(field: forms.Field, value):
    """``value`` as ``field`` reads it, or None when the field refuses it."""
    try:
        return field.clean(value)
    except ValidationError:
        return None


def _multiple(choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(required=False, choices=[(c, c) for c in choices])


def query_from_params(params, **overrides) -> OpeningQuery:
    """The OpeningQuery a query string (a QueryDict) asks for, read the same
    way by the browse page, the partner API and saved searches: a parameter
    with a value that is not allowed is dropped, never an error (all of a
    list, when one of its values is unknown). ``overrides`` set fields the
    caller decides (a page size, say)."""
    lists = {
        "professions": _multiple(Profession.objects.values_list("code", flat=True)),
        "kinds": _multiple(SwapKind.values),
        "formats": _multiple(SwapFormat.values),
        "municipalities": _multiple(
            str(code) for code in Municipality.objects.values_list("code", flat=True)
        ),
        "days_per_week": _multiple(str(d) for d in range(1, 6)),
    }
    kwargs = {}
    for name, parser in lists.items():
        values = _cleaned(parser, params.getlist(name)) or []
        if values:
            kwargs[name] = (
                [int(v) for v in values] if name in ("municipalities", "days_per_week") else values
            )
    text = _cleaned(forms.CharField(required=False, max_length=200), params.get("text"))
    kwargs["text"] = text or ""
    distance = _cleaned(
        forms.TypedChoiceField(
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "")] + [(d, d) for d in DISTANCES_KM],
        ),
        params.get("max_distance_km"),
    )
    if distance is not None:
        kwargs["max_distance_km"] = distance
    for name in ("window_start", "window_end"):
        day = _cleaned(forms.DateField(required=False), params.get(name))
        if day is not None:
            kwargs[name] = day
    sort = params.get("sort")
    kwargs["sort"] = sort if sort in SORTS else "relevance"
    page = _cleaned(forms.IntegerField(required=False, min_value=1), params.get("page"))
    kwargs["page"] = page or 1
    return OpeningQuery(**{**kwargs, **overrides})
