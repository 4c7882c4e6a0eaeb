"""Joint courses in the partner API. A provider's learning system reads its
own courses and cohorts with their participants and writes attendance; a
municipality's HR system reads the courses offered to it and its own
nominations. What a key sees is decided by its organisation."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from api.scopes import Scope
from api.serializers import ErrorSerializer
from courses import selectors, services
from courses.models import Cohort, CohortModule, Course, Nomination, NominationStatus

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked API key."),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks a required scope."),
    404: OpenApiResponse(
        ErrorSerializer, description="No such object, or not one of the key's organisation."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; see Retry-After."),
}


class ModuleSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    days = serializers.IntegerField()
    location = serializers.CharField()


class CourseSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    modules = ModuleSerializer(many=True, read_only=True)
    competence_tags = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "provider",
            "title",
            "description",
            "target_group",
            "competence_tags",
            "price_per_participant",
            "cancellation_rule",
            "min_participants",
            "max_participants",
            "status",
            "modules",
        ]


class CohortModuleSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="module.title")
    position = serializers.IntegerField(source="module.position")

    class Meta:
        model = CohortModule
        fields = ["id", "position", "title", "starts_on", "ends_on", "location"]


class ParticipantSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="participant.full_name")
    email = serializers.EmailField(source="participant.email")
    municipality = serializers.IntegerField(source="municipality.code")

    class Meta:
        model = Nomination
        fields = ["nomination", "name", "email", "municipality", "status"]


class CohortSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)
    modules = CohortModuleSerializer(many=True, read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields = [
            "id",
            "course",
            "number",
            "status",
            "capacity",
            "seated",
            "modules",
            "participants",
        ]

    def get_participants(self, cohort) -> list[dict]:
        seated = [
            n
            for n in cohort.participants.all()
            if n.status in (NominationStatus.SEATED, NominationStatus.COMPLETED)
        ]
        return ParticipantSerializer(seated, many=True).data


class NominationSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)
    course_title = serializers.CharField(source="course.title")
    name = serializers.CharField(source="participant.full_name")
    email = serializers.EmailField(source="participant.email")
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "course",
            "course_title",
            "name",
            "email",
            "status",
            "priority",
            "cohort",
            "created_at",
            "approved_at",
            "seated_at",
        ]


class AttendanceSerializer(serializers.Serializer):
    module = serializers.IntegerField(help_text="The cohort module's id (see the cohort).")
    nomination = serializers.IntegerField(help_text="The participant's nomination id.")
    present = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(
        summary="Courses: a provider's own; for a municipality, those offered to it",
        responses={200: CourseSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One course", responses={200: CourseSerializer, **ERRORS}),
)
class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CourseSerializer
    required_scopes = {Scope.COURSES_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        client = self.request.auth
        if client.provider_id:
            courses = Course.objects.filter(provider_id=client.provider_id)
        elif client.municipality_id:
            courses = selectors.offered_courses(client.municipality)
        else:
            courses = Course.objects.none()
        return (
            courses.select_related("provider")
            .prefetch_related("modules", "competence_tags")
            .order_by("pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="The provider's own cohorts, with dates and participants",
        responses={200: CohortSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One of the provider's cohorts", responses={200: CohortSerializer, **ERRORS}
    ),
)
class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CohortSerializer
    required_scopes = {Scope.COURSES_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        client = self.request.auth
        if not client.provider_id:
            return Cohort.objects.none()
        return (
            Cohort.objects.filter(course__provider_id=client.provider_id)
            .prefetch_related(
                "modules__module", "participants__participant", "participants__municipality"
            )
            .order_by("pk")
        )

    @extend_schema(
        summary="Record attendance (attendance:write)",
        request=AttendanceSerializer(many=True),
        responses={200: OpenApiResponse(description="Recorded."), 400: ErrorSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="attendance")
    def attendance(self, request, pk=None):
        """Attendance for one or more participants at a module of the cohort.
        All or nothing: one wrong row (a module of another cohort, someone
        not in the cohort) refuses the whole request."""
        client = request.auth
        if Scope.ATTENDANCE_WRITE not in client.scopes:
            raise PermissionDenied("This API key lacks the scope(s): attendance:write.")
        cohort = self.get_object()
        rows = request.data if isinstance(request.data, list) else [request.data]
        serializer = AttendanceSerializer(data=rows, many=True)
        serializer.is_valid(raise_exception=True)

        try:
            with transaction.atomic():
                for index, row in enumerate(serializer.validated_data):
                    module = cohort.modules.filter(pk=row["module"]).first()
                    if module is None:
                        raise ValidationError({f"{index}.module": ["Not a module of this cohort."]})
                    services.attendance_record(
                        actor=client,
                        cohort_module=module,
                        nomination_id=row["nomination"],
                        present=row["present"],
                    )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            ) from error
        except Cohort.DoesNotExist:
            raise NotFound() from None
        return Response({"recorded": len(serializer.validated_data)}, status=status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        summary="The municipality's own nominations (for its HR system)",
        responses={200: NominationSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One of the municipality's nominations",
        responses={200: NominationSerializer, **ERRORS},
    ),
)
class NominationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NominationSerializer
    required_scopes = {Scope.COURSES_READ}
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        client = self.request.auth
        if not client.municipality_id:
            return Nomination.objects.none()
        return (
            Nomination.objects.filter(municipality_id=client.municipality_id)
            .select_related("course", "participant")
            .order_by("pk")
        )
