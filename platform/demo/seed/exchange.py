"""The exchange of each municipality: two published openings (in turn from
the list below) and swap requests — the demo caseworker's, and a social
worker's who wants to try the job centre in the next Job7 municipality."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from demo.seed.accounts import DemoAccounts, demo_email
from exchange.models import Opening, SwapRequest
from exchange.services import OpeningData, opening_create, opening_publish
from exchange.services.requests import RequestData, swap_request_create
from tenants.models import Municipality, Network
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.reference import JOB7_CODES
from vocabulary.models import CompetenceTag

# (workplace, title, kind, format, days/week, professions, competences, weeks, visible to Job7 only)
DEMO_OPENINGS = [
    (
        "Jobafklaring",
        "Jobkonsulent: prøv vores motiverende samtaler",
        "same_profession",
        "full",
        None,
        ["jobcentre-caseworker"],
        ["motivational-interviewing", "citizen-involvement"],
        6,
        True,
    ),
    (
        "Visitationen",
        "Følordning: visitation i samspil med hjemmesygeplejen",
        "coordination",
        "visit",
        None,
        ["home-nurse", "needs-assessor"],
        ["needs-assessment", "interface-coordination"],
        2,
        False,
    ),
    (
        "Børnehuset Solsikken",
        "Pædagog: to dage om ugen i en udeinstitution",
        "same_profession",
        "part_time",
        2,
        ["pedagogue"],
        ["pedagogical-methods"],
        8,
        False,
    ),
    (
        "Virksomhedsservice",
        "Virksomhedskonsulent: opdagelsesrejse i virksomhedsservice",
        "cultural_exploration",
        "visit",
        None,
        ["employer-consultant", "jobcentre-caseworker"],
        ["employer-contact"],
        1,
        True,
    ),
]


def seed_exchange(accounts: DemoAccounts, municipality, hr: User) -> None:
    """Openings (two per municipality, in turn) and the swap requests;
    skipped where they already exist. Call inside the municipality's context."""
    professions = accounts.professions
    job7 = Network.objects.get(slug="job7")
    today = timezone.localdate()
    offset = JOB7_CODES.index(municipality.code) if municipality.code in JOB7_CODES else 0
    for n in range(2):
        workplace, title, kind, fmt, days, wanted, tags, weeks, job7_only = DEMO_OPENINGS[
            (offset + n) % len(DEMO_OPENINGS)
        ]
        if Opening.objects.filter(municipality=municipality, title=title).exists():
            continue
        start = today + timedelta(days=45 + 7 * offset)
        data = OpeningData(
            workplace_unit_id=Unit.objects.get(name=workplace).pk,
            title=title,
            description=(
                f"Kom og arbejd med os på {workplace} i {municipality.name}. Du følger vores "
                "faglige metoder, deltager i teammøder og tager en idé med hjem."
            ),
            kind=kind,
            format=fmt,
            days_per_week=days,
            period_start=start,
            period_end=start + timedelta(weeks=weeks) - timedelta(days=1),
            professions=[professions[c] for c in wanted],
            learning_tags=list(CompetenceTag.objects.filter(code__in=tags)),
            expires_on=start - timedelta(days=14),
            contact_name=hr.full_name,
            contact_email=hr.email,
            excluded_tasks="Myndighedsudøvelse og afgørelser.",
            visibility="network" if job7_only else "all",
            network=job7 if job7_only else None,
        )
        opening_publish(actor=hr, opening=opening_create(actor=hr, data=data))
    caseworker = User.objects.get(email=demo_email("medarbejder", municipality.slug))
    if not SwapRequest.objects.filter(owner=caseworker).exists():
        swap_request_create(
            actor=caseworker,
            data=RequestData(
                profession=professions["jobcentre-caseworker"],
                workplace_type="Jobcenter",
                wished_professions=[
                    professions["jobcentre-caseworker"],
                    professions["social-worker"],
                ],
                period_start=today + timedelta(days=60),
                period_end=today + timedelta(days=150),
                duration_weeks=4,
                format="full",
                goal_self="Se andre måder at holde samtaler med ledige på.",
                goal_workplaces="Dele metoder mellem to jobcentre.",
                goal_organisation="Et stærkere samarbejde i Job7.",
                visibility="network",
                network=job7,
            ),
        )
    # A social worker who wants to try the job centre in the next Job7
    # municipality: directional wishes like these close as rotations.
    social = EmployeeProfile.objects.filter(profession__code="social-worker").order_by("pk").first()
    if social is not None and not SwapRequest.objects.filter(owner_id=social.user_id).exists():
        neighbour = Municipality.objects.filter(
            code=JOB7_CODES[(offset + 1) % len(JOB7_CODES)]
        ).first()
        swap_request_create(
            actor=User.objects.get(pk=social.user_id),
            data=RequestData(
                profession=professions["social-worker"],
                workplace_type="Socialafdeling",
                wished_professions=[professions["jobcentre-caseworker"]],
                wished_municipalities=[neighbour] if neighbour else [],
                learning_tags=list(
                    CompetenceTag.objects.filter(code__in=["employer-contact", "mentoring"])
                ),
                offered_tags=list(
                    CompetenceTag.objects.filter(code__in=["casework-law", "network-mapping"])
                ),
                period_start=today + timedelta(days=60),
                period_end=today + timedelta(days=150),
                format="full",
                goal_self="Lære jobcentrets virksomhedsrettede indsats at kende.",
                goal_workplaces="Bedre overgange mellem socialafdeling og jobcenter.",
                goal_organisation="Færre borgere, der falder mellem to stole.",
                visibility="network",
                network=job7,
            ),
        )
