"""Openings in the partner API: read what the client's organisation may see;
a municipality's HR system with openings:write creates and changes its own."""

import dataclasses

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django_tenants.utils import tenant_context
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from api.models import ApiClient
from api.scopes import Scope
from api.serializers import ErrorSerializer
from exchange.models import Opening, OpeningStatus, SwapRequest
from exchange.selectors import (
    opening_search,
    query_from_params,
    visibility_filter,
    visible_requests,
)
from exchange.services import (
    OpeningData,
    opening_create,
    opening_publish,
    opening_update,
    opening_withdraw,
)
from tenants.models import Network
from vocabulary.models import CompetenceTag, Profession


class OpeningSerializer(serializers.ModelSerializer):
    municipality = serializers.IntegerField(source="municipality.code", read_only=True)
    professions = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Profession.objects.all()
    )
    learning_tags = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=CompetenceTag.objects.all(), required=False
    )
    network = serializers.SlugRelatedField(
        slug_field="slug", queryset=Network.objects.all(), required=False, allow_null=True
    )
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Opening
        fields = [
            "id",
            "municipality",
            "workplace_unit_id",
            "workplace_name",
            "title",
            "description",
            "kind",
            "format",
            "days_per_week",
            "period_start",
            "period_end",
            "duration_weeks",
            "professions",
            "learning_tags",
            "requirements",
            "excluded_tasks",
            "capacity",
            "places_left",
            "contact_name",
            "contact_email",
            "visibility",
            "network",
            "status",
            "expires_on",
            "published_at",
            "withdrawn_reason",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "municipality",
            "workplace_name",
            "status",
            "published_at",
            "withdrawn_reason",
            "updated_at",
        ]


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid: see details (field → messages)."),
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks a required scope."),
    404: OpenApiResponse(
        ErrorSerializer, description="No such opening, or not visible to the key."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}


def _service_errors(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


@extend_schema_view(
    list=extend_schema(
        summary="Openings the key's organisation may see",
        parameters=[
            OpenApiParameter(
                "status",
                description=(
                    "draft, published, filled, expired or withdrawn "
                    "(beyond published: the municipality's own openings only)"
                ),
            ),
            OpenApiParameter("municipality", int, description="Official municipality code"),
            OpenApiParameter("updated_since", str, description="ISO 8601 date-time"),
        ],
        responses={200: OpeningSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One opening", responses={200: OpeningSerializer, **ERRORS}),
    create=extend_schema(
        summary="Create a draft opening (own municipality)",
        responses={201: OpeningSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary="Replace an opening (own municipality)",
        responses={200: OpeningSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change fields of an opening (own municipality)",
        responses={200: OpeningSerializer, **ERRORS},
    ),
)
class OpeningViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Published openings visible to the key's organisation (a municipality
    sees what is open to all, to its networks and to itself; a provider what
    is open to all), plus, for a municipality, its own openings in any status."""

    serializer_class = OpeningSerializer
    lookup_value_regex = r"\d{1,18}"

    @property
    def required_scopes(self):
        if self.action in ("list", "retrieve"):
            return {Scope.EXCHANGE_READ}
        return {Scope.OPENINGS_WRITE}

    def get_queryset(self):
        client: ApiClient = self.request.auth
        scope = Q(visibility_filter(client.municipality), status=OpeningStatus.PUBLISHED)
        if client.municipality_id:
            scope |= Q(municipality_id=client.municipality_id)
        openings = (
            Opening.objects.filter(scope)
            .select_related("municipality", "network")
            .prefetch_related("professions", "learning_tags")
            .order_by("-updated_at", "-pk")
        )
        params = self.request.query_params
        if params.get("status") in OpeningStatus.values:
            openings = openings.filter(status=params["status"])
        code = params.get("municipality", "")
        if code.isascii() and code.isdigit() and len(code) < 10:
            openings = openings.filter(municipality__code=int(code))
        if params.get("updated_since"):
            try:
                since = parse_datetime(params["updated_since"])
            except ValueError:
                since = None
            if since is None:
                raise ValidationError({"updated_since": ["Use an ISO 8601 date-time."]})
            openings = openings.filter(updated_at__gte=since)
        return openings

    def _own(self, pk) -> Opening:
        client: ApiClient = self.request.auth
        if client.municipality_id is None:
            raise NotFound()
        opening = Opening.objects.filter(pk=pk, municipality_id=client.municipality_id).first()
        if opening is None:
            raise NotFound()
        return opening

    def _data(self, validated: dict, base: Opening | None) -> OpeningData:
        """OpeningData from the payload, on top of the opening's current values
        for a partial update."""
        fields = dataclasses.fields(OpeningData)
        values = {}
        if base is not None:
            values = {f.name: getattr(base, f.name) for f in fields}
            values["professions"] = list(base.professions.all())
            values["learning_tags"] = list(base.learning_tags.all())
        values.update({f.name: validated[f.name] for f in fields if f.name in validated})
        required = [
            f.name
            for f in fields
            if f.name not in values
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        if required:
            raise ValidationError({name: ["This field is required."] for name in required})
        return OpeningData(**values)

    def _write(self, fn, **kwargs):
        client: ApiClient = self.request.auth
        if client.municipality_id is None:
            raise PermissionDenied("Only a municipality's API client can write openings.")
        try:
            with tenant_context(client.municipality):
                return fn(actor=client, **kwargs)
        except DjangoValidationError as error:
            raise _service_errors(error) from error

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opening = self._write(opening_create, data=self._data(serializer.validated_data, None))
        return Response(self.get_serializer(opening).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        opening = self._own(kwargs["pk"])
        serializer = self.get_serializer(opening, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        opening = self._write(
            opening_update, opening=opening, data=self._data(serializer.validated_data, opening)
        )
        return Response(self.get_serializer(opening).data)

    @extend_schema(
        summary="Publish a draft or expired opening",
        request=None,
        responses={200: OpeningSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        opening = self._write(opening_publish, opening=self._own(pk))
        return Response(self.get_serializer(opening).data)

    @extend_schema(
        summary="Withdraw an opening (a reason is required)",
        request=WithdrawSerializer,
        responses={200: OpeningSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opening = self._write(
            opening_withdraw, opening=self._own(pk), reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(opening).data)


class SwapRequestSerializer(serializers.ModelSerializer):
    """What a partner sees of a swap request: never the owner or workplace."""

    municipality = serializers.IntegerField(source="municipality.code", read_only=True)
    profession = serializers.SlugRelatedField(slug_field="code", read_only=True)
    wished_professions = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    wished_municipalities = serializers.SlugRelatedField(
        many=True, slug_field="code", read_only=True
    )
    learning_tags = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    offered_tags = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "municipality",
            "profession",
            "workplace_type",
            "wished_professions",
            "wished_municipalities",
            "max_distance_km",
            "period_start",
            "period_end",
            "duration_weeks",
            "format",
            "days_per_week",
            "learning_tags",
            "offered_tags",
            "goal_self",
            "goal_workplaces",
            "goal_organisation",
            "visibility",
            "created_at",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Active swap requests the key's organisation may see (without names)",
        responses={200: SwapRequestSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One swap request (without name)", responses={200: SwapRequestSerializer, **ERRORS}
    ),
)
class SwapRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SwapRequestSerializer
    required_scopes = {Scope.EXCHANGE_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return (
            visible_requests(self.request.auth.municipality)
            .select_related("municipality", "profession")
            .prefetch_related(
                "wished_professions", "wished_municipalities", "learning_tags", "offered_tags"
            )
            .order_by("-created_at", "-pk")
        )


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class OpeningSearchSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OpeningSerializer(many=True)
    facets = serializers.DictField(child=FacetSerializer(many=True))


def _search_query(params):
    size = params.get("page_size", "")
    plain = size.isascii() and size.isdigit() and len(size) < 10
    return query_from_params(
        params, page_size=min(int(size), 100) if plain and int(size) > 0 else 20
    )


class OpeningSearchView(viewsets.ViewSet):
    """Faceted search over the published openings the key's organisation may
    see: the browse page's query parameters (text, professions, kinds,
    formats, municipalities, days_per_week, max_distance_km, window_start,
    window_end, sort, page, page_size), with counts per facet value."""

    required_scopes = {Scope.EXCHANGE_READ}

    @extend_schema(
        summary="Search openings with facets",
        parameters=[
            OpenApiParameter("text", str),
            OpenApiParameter("professions", str, many=True),
            OpenApiParameter("kinds", str, many=True),
            OpenApiParameter("formats", str, many=True),
            OpenApiParameter("municipalities", int, many=True),
            OpenApiParameter("days_per_week", int, many=True),
            OpenApiParameter("max_distance_km", int),
            OpenApiParameter("window_start", str),
            OpenApiParameter("window_end", str),
            OpenApiParameter("sort", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: OpeningSearchSerializer, **ERRORS},
    )
    def list(self, request):
        result = opening_search(
            viewer_municipality=request.auth.municipality, query=_search_query(request.query_params)
        )
        return Response(
            {
                "total": result.total,
                "page": result.page,
                "pages": result.pages,
                "results": OpeningSerializer(result.openings, many=True).data,
                "facets": {
                    name: [
                        {
                            "value": str(f.value),
                            "label": str(f.label),
                            "count": f.count,
                            "selected": f.selected,
                        }
                        for f in values
                    ]
                    for name, values in result.facets.items()
                },
            }
        )
