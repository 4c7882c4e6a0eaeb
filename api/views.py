from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from api.scopes import Scope
from api.serializers import ErrorSerializer, MunicipalitySerializer, NetworkSerializer
from tenants.models import Municipality, Network

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks a required scope."),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such object.")}


@extend_schema_view(
    list=extend_schema(
        summary="List the municipalities on Tværs",
        responses={200: MunicipalitySerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One municipality by its official code",
        responses={200: MunicipalitySerializer, **ERRORS, **NOT_FOUND},
    ),
)
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities that have joined Tværs. Public facts: every client with
    the directory scope sees the same list."""

    serializer_class = MunicipalitySerializer
    required_scopes = {Scope.DIRECTORY_READ}
    lookup_field = "code"
    lookup_value_regex = r"\d{3}"

    def get_queryset(self):
        return Municipality.objects.prefetch_related(
            "domains", Prefetch("networks", queryset=Network.objects.order_by("slug"))
        ).order_by("code")


@extend_schema_view(
    list=extend_schema(
        summary="List the networks of municipalities",
        responses={200: NetworkSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One network by its slug", responses={200: NetworkSerializer, **ERRORS, **NOT_FOUND}
    ),
)
class NetworkViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NetworkSerializer
    required_scopes = {Scope.DIRECTORY_READ}
    lookup_field = "slug"

    def get_queryset(self):
        return Network.objects.prefetch_related(
            Prefetch("members", queryset=Municipality.objects.order_by("code"))
        ).order_by("name")
