"""Factories for joint-course tests."""

from decimal import Decimal

from courses.services import CourseData
from tenants.models import Network


def course_data(**overrides) -> CourseData:
    """A course of VIA's, offered to Job7 (min 3, max 4): what a provider
    would write, with ``overrides``."""
    values = dict(
        title="Samtaler der flytter ledige",
        description="Tre moduler om samtaler med ledige: motivation, mål og opfølgning.",
        target_group="Jobkonsulenter og virksomhedskonsulenter i jobcentre.",
        price_per_participant=Decimal("9500"),
        cancellation_rule="Gratis afbud indtil 30 dage før første modul; derefter fuld pris.",
        min_participants=3,
        max_participants=4,
        competence_tags=[],
        offered_to_networks=[Network.objects.get(slug="job7")],
        offered_to_municipalities=[],
        seat_release_days=14,
    )
    values.update(overrides)
    return CourseData(**values)
