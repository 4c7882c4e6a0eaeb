"""Numbers for management in the partner API: a municipality's own numbers,
and a network's aggregate for its members."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.scopes import Scope
from api.serializers import ErrorSerializer
from config.posted import posted_year
from exchange.journey import statistics

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid year."),
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks a required scope."),
    404: OpenApiResponse(ErrorSerializer, description="No such network among the key's."),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}
YEAR = OpenApiParameter("year", int, description="By the swaps' start (default: this year).")


class UnitSerializer(serializers.Serializer):
    administration = serializers.CharField()
    department = serializers.CharField()
    started = serializers.IntegerField()
    completed = serializers.IntegerField()


class NumbersSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(source="municipality.code")
    year = serializers.IntegerField()
    started = serializers.IntegerField()
    completed = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    target_share = serializers.IntegerField(allow_null=True)
    goals_evaluated = serializers.IntegerField()
    goals_met = serializers.IntegerField()
    goals_met_share = serializers.IntegerField(allow_null=True)
    median_days_to_agreement = serializers.FloatField(allow_null=True)


class OwnNumbersSerializer(NumbersSerializer):
    units = serializers.SerializerMethodField()

    def get_units(self, numbers) -> list[dict]:
        return [
            {"administration": a, "department": d, "started": s, "completed": c}
            for a, d, s, c in numbers.by_unit
        ]


class FlowSerializer(serializers.Serializer):
    from_municipality = serializers.CharField()
    to_municipality = serializers.CharField()
    swappers = serializers.IntegerField()


class NetworkNumbersSerializer(serializers.Serializer):
    network = serializers.CharField()
    year = serializers.IntegerField()
    members = NumbersSerializer(many=True)
    flows = FlowSerializer(many=True)


def _year(request) -> int:
    raw = request.query_params.get("year")
    if raw is None:
        return timezone.localdate().year
    year = posted_year(raw, first=2000, last=2100)
    if year is None:
        raise ValidationError({"year": ["Give a year from 2000 to 2100."]})
    return year


class StatisticsView(APIView):
    required_scopes = {Scope.STATISTICS_READ}

    @extend_schema(
        summary="The municipality's own swap numbers for a year",
        parameters=[YEAR],
        responses={200: OwnNumbersSerializer, **ERRORS},
    )
    def get(self, request):
        client = request.auth
        if client.municipality_id is None:
            raise NotFound()
        numbers = statistics.municipality_numbers(client.municipality, _year(request))
        return Response(OwnNumbersSerializer(numbers).data)


class NetworkStatisticsView(APIView):
    required_scopes = {Scope.STATISTICS_READ}

    @extend_schema(
        summary="A network's numbers for a year, for a key of one of its members",
        parameters=[YEAR],
        responses={200: NetworkNumbersSerializer, **ERRORS},
    )
    def get(self, request, slug: str):
        client = request.auth
        if client.municipality_id is None:
            raise NotFound()
        network = client.municipality.networks.filter(slug=slug).first()
        if network is None:
            raise NotFound()
        year = _year(request)
        body = {
            "network": network.slug,
            "year": year,
            "members": statistics.network_numbers(network, year),
            "flows": [
                {"from_municipality": a, "to_municipality": b, "swappers": n}
                for a, b, n in statistics.flows(list(network.members.all()), year)
            ],
        }
        return Response(NetworkNumbersSerializer(body).data)
