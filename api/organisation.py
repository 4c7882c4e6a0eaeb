"""A municipality's organisation tree and staff in the partner API, for its
own keys only: ``organisation:read`` reads the units, ``staff:read`` the
employees (its HR systems). Read in the key's municipality's schema. A key
of another municipality or of a provider gets the 404 of a missing id for
any one unit or employee (and a 403 for the lists: they have none)."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import tenant_context
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from api.models import ApiClient
from api.scopes import Scope
from api.serializers import ErrorSerializer
from config.posted import storable_id
from tenants.organisation import people


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(
        choices=["administration", "department", "workplace"], read_only=True
    )
    name = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(
        source="parent_id",
        read_only=True,
        allow_null=True,
        help_text="The id of the unit it is part of; null for an administration.",
    )
    address = serializers.CharField(read_only=True, help_text="Empty when not given.")
    latitude = serializers.FloatField(
        read_only=True, allow_null=True, help_text="WGS 84; null when the place is not given."
    )
    longitude = serializers.FloatField(
        read_only=True, allow_null=True, help_text="WGS 84; null when the place is not given."
    )
    leader = serializers.IntegerField(
        source="leader_id",
        read_only=True,
        allow_null=True,
        help_text="The staff id of the unit's leader; null when none is named.",
    )
    leader_name = serializers.SerializerMethodField(help_text="Null when no leader is named.")
    closed = serializers.SerializerMethodField()
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_leader_name(self, unit) -> str | None:
        return unit.leader.user.full_name if unit.leader_id else None

    def get_closed(self, unit) -> bool:
        return unit.closed_at is not None


class StaffSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The employee's staff id.")
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    roles = serializers.SerializerMethodField(
        help_text="Of employee, leader, hr and coach, sorted."
    )
    active = serializers.BooleanField(
        source="user.is_active", read_only=True, help_text="False once the employee has left."
    )
    job_title = serializers.CharField(read_only=True, help_text="Empty when not known.")
    profession = serializers.SerializerMethodField(
        help_text="The profession's code (see the vocabulary); null until known."
    )
    workplace = serializers.IntegerField(
        source="workplace_id",
        read_only=True,
        allow_null=True,
        help_text="A unit id; null until known.",
    )
    leader = serializers.IntegerField(
        source="leader_id", read_only=True, allow_null=True, help_text="The leader's staff id."
    )
    external_id = serializers.CharField(
        read_only=True, help_text="The id in the municipality's own systems; empty when none."
    )
    updated_at = serializers.DateTimeField(read_only=True)

    def get_roles(self, profile) -> list[str]:
        return sorted(m.role for m in profile.user.memberships.all())

    def get_profession(self, profile) -> str | None:
        return profile.profession.code if profile.profession_id else None


def _updated_since(request):
    """The ``updated_since`` query parameter as an aware datetime (a time
    without an offset is Copenhagen's), None when not given, a 400 when it is
    not an ISO 8601 date-time."""
    raw = request.query_params.get("updated_since")
    if raw is None:
        return None
    try:
        since = parse_datetime(raw.strip())
    except ValueError:
        since = None
    if since is None:
        raise ValidationError({"updated_since": ["Use an ISO 8601 date-time."]})
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    return since


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only those changed at or after this ISO 8601 date-time (e.g. "
    "2026-12-01T00:00:00Z; without an offset, Copenhagen time).",
)
COMMON = {
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(
        ErrorSerializer,
        description="The key lacks the scope, or is not a municipality's key (lists only).",
    ),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}
BAD_SINCE = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid: updated_since is no date-time.")
}


def _not_found(what: str):
    return {
        404: OpenApiResponse(
            ErrorSerializer,
            description=f"No such {what} in the key's municipality (a key of another "
            "municipality or of a provider gets exactly this).",
        )
    }


class _OwnMunicipalityViewSet(viewsets.GenericViewSet):
    """Lists and single rows of the key's own municipality, read in its
    schema; ``rows(updated_since)`` gives the rows (current schema)."""

    lookup_value_regex = r"\d{1,18}"

    def rows(self, *, updated_since=None):
        raise NotImplementedError

    def list(self, request):
        client: ApiClient = request.auth
        if client.municipality_id is None:
            raise PermissionDenied(
                "Only a municipality's API key reads its own organisation and staff."
            )
        since = _updated_since(request)
        with tenant_context(client.municipality):
            page = self.paginate_queryset(self.rows(updated_since=since))
            data = self.get_serializer(page, many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        client: ApiClient = request.auth
        if client.municipality_id is None or not storable_id(int(pk)):
            raise NotFound()
        with tenant_context(client.municipality):
            row = self.rows().filter(pk=int(pk)).first()
            if row is None:
                raise NotFound()
            data = self.get_serializer(row).data
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        summary="The key's municipality's units (administrations, departments, workplaces)",
        description="Every unit, closed ones too, by id. Paginated.",
        parameters=[UPDATED_SINCE],
        responses={200: UnitSerializer(many=True), **BAD_SINCE, **COMMON},
    ),
    retrieve=extend_schema(
        summary="One unit of the key's municipality",
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The unit's id.")
        ],
        responses={200: UnitSerializer, **COMMON, **_not_found("unit")},
    ),
)
class UnitViewSet(_OwnMunicipalityViewSet):
    serializer_class = UnitSerializer
    required_scopes = {Scope.ORGANISATION_READ}

    def rows(self, *, updated_since=None):
        return people.units_listed(updated_since=updated_since)


@extend_schema_view(
    list=extend_schema(
        summary="The key's municipality's staff",
        description="Every employee record, those who have left too (active false), by id. "
        "Paginated.",
        parameters=[UPDATED_SINCE],
        responses={200: StaffSerializer(many=True), **BAD_SINCE, **COMMON},
    ),
    retrieve=extend_schema(
        summary="One employee of the key's municipality",
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The staff id.")
        ],
        responses={200: StaffSerializer, **COMMON, **_not_found("employee")},
    ),
)
class StaffViewSet(_OwnMunicipalityViewSet):
    serializer_class = StaffSerializer
    required_scopes = {Scope.STAFF_READ}

    def rows(self, *, updated_since=None):
        return people.staff_listed(updated_since=updated_since)
