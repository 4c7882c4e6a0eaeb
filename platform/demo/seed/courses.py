"""VIA's two demo courses, offered to Job7, with nominations from every
municipality."""

from decimal import Decimal

from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import User
from courses.models import Course
from courses.services import (
    CourseData,
    course_publish,
    course_save,
    module_add,
    nomination_accept,
    nomination_create,
)
from demo.seed.accounts import demo_email
from tenants.models import Network
from tenants.organisation.models import EmployeeProfile

DEMO_COURSES = [
    # title, modules (title, days), min, max, approved per municipality, price
    (
        "Samtaler der flytter ledige",
        [("Motivation og mål", 3), ("Den svære samtale", 3), ("Opfølgning i praksis", 3)],
        16,
        20,
        2,
        "9500",
    ),
    (
        "Virksomhedsrettet indsats i Job7",
        [("Virksomhedskontakt", 2), ("Matchning af ledige og job", 2)],
        6,
        8,
        1,
        "6200",
    ),
]


def seed_courses(provider, municipalities) -> None:
    """VIA's two demo courses, offered to Job7: the first with demand short of
    its minimum (the meter shows how many are missing) and the demo
    caseworker nominated and asked to accept; the second with enough
    approved nominees across the municipalities to have formed a cohort that
    awaits the provider's dates. Skipped where the course exists."""
    job7 = Network.objects.get(slug="job7")
    staff = User.objects.filter(provider=provider).order_by("pk").first()
    for title, modules, low, high, per_municipality, price in DEMO_COURSES:
        if Course.objects.filter(provider=provider, title=title).exists():
            continue
        with transaction.atomic():
            course = course_save(
                actor=staff,
                data=CourseData(
                    title=title,
                    description=(
                        "Et forløb for beskæftigelsesmedarbejdere i Job7-kommunerne, der veksler "
                        "mellem oplæg, træning og opgaver i egen praksis mellem modulerne."
                    ),
                    target_group="Job- og virksomhedskonsulenter samt ledere i jobcentrene.",
                    price_per_participant=Decimal(price),
                    cancellation_rule=(
                        "Gratis afbud indtil 30 dage før første modul; derefter betales fuld "
                        "pris, medmindre kommunen sender en stedfortræder."
                    ),
                    min_participants=low,
                    max_participants=high,
                    competence_tags=[],
                    offered_to_networks=[job7],
                    offered_to_municipalities=[],
                ),
            )
            for module_title, days in modules:
                module_add(
                    actor=staff,
                    course=course,
                    title=module_title,
                    days=days,
                    location="VIA University College, Campus Horsens",
                )
            course = course_publish(actor=staff, course=course)
        for municipality in municipalities:
            with tenant_context(municipality), transaction.atomic():
                hr = User.objects.get(email=demo_email("hr", municipality.slug))
                demo_caseworker = User.objects.get(
                    email=demo_email("medarbejder", municipality.slug)
                )
                caseworkers = [
                    User.objects.get(pk=p.user_id)
                    for p in EmployeeProfile.objects.filter(profession__code="jobcentre-caseworker")
                    .exclude(user_id=demo_caseworker.pk)
                    .exclude(leader__isnull=True)
                    .order_by("pk")[:per_municipality]
                ]
                for person in caseworkers:
                    nomination = nomination_create(
                        actor=hr,
                        course=course,
                        participant=person,
                        leader_change="Flere borgere, der selv sætter mål for deres vej til job.",
                    )
                    nomination_accept(
                        actor=person,
                        nomination=nomination,
                        participant_change="Bruge motiverende samtaleteknikker i alle samtaler.",
                    )
                if title == DEMO_COURSES[0][0]:
                    nomination_create(actor=hr, course=course, participant=demo_caseworker)
