"""Matching in the partner API: a municipality's systems read the runs of
the networks it belongs to and the proposals its own employees are in —
posts only, never names."""

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from api.scopes import Scope
from api.serializers import ErrorSerializer
from exchange.matching.compatibility import describe
from exchange.models import MatchProposal, MatchRun, ProposalMember, ProposalStatus

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks a required scope."),
    404: OpenApiResponse(
        ErrorSerializer, description="No such object, or not one of the key's municipality."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}


class MatchRunSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "network",
            "trigger",
            "status",
            "progress",
            "stage",
            "max_cycle_length",
            "requests_count",
            "arcs_count",
            "people_placed",
            "upper_bound",
            "optimal",
            "proposals_count",
            "seconds",
            "created_at",
            "started_at",
            "finished_at",
        ]


class ProposalMemberSerializer(serializers.ModelSerializer):
    municipality = serializers.IntegerField(source="request.municipality.code")
    profession = serializers.CharField(source="request.profession.code")
    workplace_type = serializers.CharField(source="request.workplace_type")
    takes_position = serializers.SerializerMethodField()
    explanation_text = serializers.SerializerMethodField()

    class Meta:
        model = ProposalMember
        fields = [
            "position",
            "municipality",
            "profession",
            "workplace_type",
            "takes_position",
            "score",
            "explanation",
            "explanation_text",
            "answer",
        ]

    def get_takes_position(self, member) -> int | None:
        """Whose post the member takes: the next member's in a ring; in a
        chain the previous member's, and none (the vacant post) for the first."""
        proposal = member.proposal  # the prefetch sets the parent; no query
        if proposal.opening_id:
            return member.position - 1 if member.position else None
        return (member.position + 1) % len(proposal.members.all())

    def get_explanation_text(self, member) -> str:
        return describe(member.explanation)


class MatchProposalSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    members = ProposalMemberSerializer(many=True, read_only=True)
    opening = serializers.PrimaryKeyRelatedField(
        read_only=True,
        help_text="For a chain: the vacant post (opening) its first member takes.",
    )

    class Meta:
        model = MatchProposal
        fields = [
            "id",
            "network",
            "status",
            "opening",
            "period_start",
            "period_end",
            "score",
            "members",
            "swap",
            "created_at",
            "decided_at",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Matching runs of the networks the key's municipality belongs to",
        responses={200: MatchRunSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One matching run (with its progress)",
        responses={200: MatchRunSerializer, **ERRORS},
    ),
)
class MatchRunViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MatchRunSerializer
    required_scopes = {Scope.EXCHANGE_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        municipality = self.request.auth.municipality
        if municipality is None:
            return MatchRun.objects.none()
        return MatchRun.objects.filter(
            network__memberships__municipality=municipality
        ).select_related("network")


@extend_schema_view(
    list=extend_schema(
        summary="Match proposals one of the municipality's employees is in (no names)",
        parameters=[
            OpenApiParameter(
                "status", str, enum=[s.value for s in ProposalStatus], description="Only these."
            )
        ],
        responses={200: MatchProposalSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One match proposal (no names)",
        responses={200: MatchProposalSerializer, **ERRORS},
    ),
)
class MatchProposalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MatchProposalSerializer
    required_scopes = {Scope.EXCHANGE_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        municipality = self.request.auth.municipality
        if municipality is None:
            return MatchProposal.objects.none()
        proposals = (
            MatchProposal.objects.filter(
                pk__in=ProposalMember.objects.filter(request__municipality=municipality).values(
                    "proposal_id"
                )
            )
            .select_related("network")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=ProposalMember.objects.select_related(
                        "request__municipality", "request__profession"
                    ).order_by("position"),
                )
            )
        )
        status = self.request.query_params.get("status")
        if status:
            if status not in ProposalStatus.values:
                raise ValidationError(
                    {"status": [f"Use one of: {', '.join(ProposalStatus.values)}."]}
                )
            proposals = proposals.filter(status=status)
        return proposals
