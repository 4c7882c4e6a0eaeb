"""Demo data for the seven Job7 municipalities: organisation trees, staff in
real municipal professions with their leaders, HR, coaches, a course provider
and an operator. Deterministic (seeded per municipality) and idempotent:
running it twice leaves the same state. Used by ``manage.py seed_demo``."""

import random
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import user_ensure
from courses.services import provider_ensure
from tenants.organisation.models import EmployeeProfile, UnitKind
from tenants.organisation.services import employee_profile_set, unit_ensure
from tenants.reference import JOB7_CODES
from tenants.services import municipality_provision, network_ensure, network_member_add
from vocabulary.models import Profession

DEMO_PASSWORD = "tvaers-demo"  # noqa: S105  (documented demo password, demo data only)
DEMO_MAIL_DOMAIN = "tvaers.test"  # RFC 2606: reserved for testing, never delivered

FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Susanne",
    "Lene",
    "Marianne",
    "Camilla",
    "Louise",
    "Pia",
    "Tina",
    "Maria",
    "Charlotte",
    "Helle",
    "Karina",
    "Bente",
    "Rikke",
    "Julie",
    "Sofie",
    "Ida",
    "Emma",
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Thomas",
    "Søren",
    "Jesper",
    "Niels",
    "Anders",
    "Rasmus",
    "Martin",
    "Christian",
    "Morten",
    "Mads",
    "Frederik",
    "Jonas",
    "Kasper",
    "Mikkel",
    "Ole",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Østergaard",
    "Lund",
    "Holm",
    "Schmidt",
    "Frederiksen",
    "Bach",
    "Dahl",
    "Vestergaard",
    "Kjær",
]

# administration → department → workplace → (profession code, job title, staff count)
ORGANISATION = {
    "Arbejdsmarked og Beskæftigelse": {
        "Jobcenter": {
            "Jobafklaring": [
                ("jobcentre-caseworker", "Jobkonsulent", 3),
                ("social-worker", "Socialrådgiver", 1),
            ],
            "Virksomhedsservice": [("employer-consultant", "Virksomhedskonsulent", 3)],
            "Ungeindsatsen": [
                ("jobcentre-caseworker", "Ungekonsulent", 2),
                ("social-worker", "Socialrådgiver", 1),
            ],
        },
    },
    "Social og Sundhed": {
        "Myndighed og Visitation": {
            "Visitationen": [("needs-assessor", "Visitator", 3)],
            "Handicap og Psykiatri": [
                ("social-worker", "Socialrådgiver", 2),
                ("social-educator", "Socialpædagog", 2),
            ],
        },
        "Hjemmeplejen": {
            "Hjemmeplejen Nord": [
                ("sosu-assistant", "Social- og sundhedsassistent", 3),
                ("sosu-helper", "Social- og sundhedshjælper", 2),
            ],
            "Hjemmesygeplejen": [
                ("home-nurse", "Hjemmesygeplejerske", 3),
                ("nurse", "Sygeplejerske", 1),
            ],
        },
        "Sundhed og Træning": {
            "Træning og Rehabilitering": [
                ("physiotherapist", "Fysioterapeut", 2),
                ("occupational-therapist", "Ergoterapeut", 2),
            ],
        },
    },
    "Børn og Uddannelse": {
        "Dagtilbud": {
            "Børnehuset Solsikken": [
                ("pedagogue", "Pædagog", 3),
                ("pedagogical-assistant", "Pædagogisk assistent", 1),
            ],
            "Vuggestuen Mælkebøtten": [("pedagogue", "Pædagog", 2)],
        },
        "Skoler": {
            "Østre Skole": [("teacher", "Lærer", 3)],
            "Vestre Skole": [("teacher", "Lærer", 2)],
        },
    },
    "Økonomi og Personale": {
        "HR og Udvikling": {
            "HR-afdelingen": [
                ("hr-consultant", "HR-konsulent", 2),
                ("case-officer", "Administrativ sagsbehandler", 1),
            ],
        },
    },
}
# The documented demo accounts of each municipality (README: "Demo logins").
FIXED_ACCOUNTS_WORKPLACE = "Jobafklaring"


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


@dataclass
class SeedReport:
    municipalities: int = 0
    users_created: int = 0


def ascii_mail_part(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")


def demo_email(local: str, slug: str) -> str:
    return f"{local}@{slug}.{DEMO_MAIL_DOMAIN}"


class _Seeder:
    def __init__(self, password_hash: str):
        self.password_hash = password_hash
        self.created: list[int] = []
        self.professions = {p.code: p for p in Profession.objects.all()}

    def person(self, *, email, name, roles, municipality=None, provider=None) -> User:
        user, created = user_ensure(
            actor=None,
            email=email,
            full_name=name,
            roles=roles,
            municipality=municipality,
            provider=provider,
        )
        if created:
            self.created.append(user.pk)
        return user

    def profile(self, user, profession_code, title, workplace, leader):
        return employee_profile_set(
            actor=None,
            user=user,
            profession=self.professions[profession_code],
            job_title=title,
            workplace=workplace,
            leader=leader,
        )

    def municipality(self, municipality) -> None:
        rng = random.Random(municipality.code)  # noqa: S311  (demo names, not security)
        slug = municipality.slug
        used: set[str] = set()

        def new_name() -> tuple[str, str]:
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                local = ascii_mail_part(f"{first}.{last}")
                if local not in used:
                    used.add(local)
                    return f"{first} {last}", demo_email(local, slug)

        with tenant_context(municipality), transaction.atomic():
            hr_workplace = None
            for admin_name, departments in ORGANISATION.items():
                administration = unit_ensure(
                    actor=None, kind=UnitKind.ADMINISTRATION, name=admin_name
                )
                for dept_name, workplaces in departments.items():
                    department = unit_ensure(
                        actor=None, kind=UnitKind.DEPARTMENT, name=dept_name, parent=administration
                    )
                    for wp_name, staff in workplaces.items():
                        workplace = unit_ensure(
                            actor=None, kind=UnitKind.WORKPLACE, name=wp_name, parent=department
                        )
                        if wp_name == "HR-afdelingen":
                            hr_workplace = workplace
                        fixed = wp_name == FIXED_ACCOUNTS_WORKPLACE
                        leader_name, leader_mail = new_name()
                        if fixed:
                            leader_mail = demo_email("leder", slug)
                        leader_user = self.person(
                            email=leader_mail,
                            name=leader_name,
                            roles={Role.LEADER, Role.EMPLOYEE},
                            municipality=municipality,
                        )
                        leader = self.profile(
                            leader_user, "manager", f"Leder, {wp_name}", workplace, None
                        )
                        for index, (code, title, count) in enumerate(staff):
                            for n in range(count):
                                name, mail = new_name()
                                if fixed and index == 0 and n == 0:
                                    mail = demo_email("medarbejder", slug)
                                user = self.person(
                                    email=mail,
                                    name=name,
                                    roles={Role.EMPLOYEE},
                                    municipality=municipality,
                                )
                                self.profile(user, code, title, workplace, leader)
            hr_leader = EmployeeProfile.objects.filter(
                workplace=hr_workplace, profession_id=self.professions["manager"].pk
            ).first()
            hr_name, _mail = new_name()
            hr = self.person(
                email=demo_email("hr", slug),
                name=hr_name,
                roles={Role.HR, Role.EMPLOYEE},
                municipality=municipality,
            )
            self.profile(
                hr,
                "hr-consultant",
                "HR-konsulent, jobbytte og kompetenceudvikling",
                hr_workplace,
                hr_leader,
            )
            coach_name, _mail = new_name()
            coach = self.person(
                email=demo_email("coach", slug),
                name=coach_name,
                roles={Role.COACH, Role.EMPLOYEE},
                municipality=municipality,
            )
            self.profile(
                coach, "hr-consultant", "Coach og udviklingskonsulent", hr_workplace, hr_leader
            )
            self.exchange(municipality, hr)

    def exchange(self, municipality, hr) -> None:
        """Openings (two per municipality, in turn) and one swap request by the
        demo caseworker; skipped where they already exist."""
        from datetime import timedelta

        from django.utils import timezone

        from exchange.models import Opening, SwapRequest
        from exchange.services import OpeningData, opening_create, opening_publish
        from exchange.services.requests import RequestData, swap_request_create
        from tenants.models import Network
        from tenants.organisation.models import Unit
        from vocabulary.models import CompetenceTag

        job7 = Network.objects.get(slug="job7")
        today = timezone.localdate()
        offset = JOB7_CODES.index(municipality.code) if municipality.code in JOB7_CODES else 0
        for n in range(2):
            workplace, title, kind, fmt, days, professions, tags, weeks, job7_only = DEMO_OPENINGS[
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
                professions=[self.professions[c] for c in professions],
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
                    profession=self.professions["jobcentre-caseworker"],
                    workplace_type="Jobcenter",
                    wished_professions=[
                        self.professions["jobcentre-caseworker"],
                        self.professions["social-worker"],
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
        from tenants.models import Municipality

        social = (
            EmployeeProfile.objects.filter(profession__code="social-worker").order_by("pk").first()
        )
        if social is not None and not SwapRequest.objects.filter(owner_id=social.user_id).exists():
            neighbour = Municipality.objects.filter(
                code=JOB7_CODES[(offset + 1) % len(JOB7_CODES)]
            ).first()
            swap_request_create(
                actor=User.objects.get(pk=social.user_id),
                data=RequestData(
                    profession=self.professions["social-worker"],
                    workplace_type="Socialafdeling",
                    wished_professions=[self.professions["jobcentre-caseworker"]],
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


def seed_demo(codes: tuple[int, ...] = JOB7_CODES) -> SeedReport:
    """Seed (or top up) the demo for the Job7 municipalities (or ``codes``).
    Runs its own transactions."""
    report = SeedReport()
    seeder = _Seeder(make_password(DEMO_PASSWORD))
    municipalities = [municipality_provision(actor=None, code=code).municipality for code in codes]
    with transaction.atomic():
        job7 = network_ensure(
            actor=None,
            name="Job7",
            slug="job7",
            description=(
                "Syv sydjyske jobcentre – Vejle, Haderslev, Vejen, Fredericia, Kolding, Billund "
                "og Middelfart – der samler medarbejdere på fælles kursushold og bytter job."
            ),
        )
        for municipality in municipalities:
            network_member_add(actor=None, network=job7, municipality=municipality)
        provider = provider_ensure(
            actor=None,
            name="VIA University College",
            slug="via",
            description="Professionshøjskole; udbyder af efter- og videreuddannelse for jobcentre.",
            website="https://www.via.dk",
        )
        seeder.person(
            email=f"underviser@via.{DEMO_MAIL_DOMAIN}",
            name="Birgitte Lauridsen",
            roles={Role.PROVIDER_STAFF},
            provider=provider,
        )
        seeder.person(
            email=f"kursusleder@via.{DEMO_MAIL_DOMAIN}",
            name="Henrik Storm",
            roles={Role.PROVIDER_STAFF},
            provider=provider,
        )
        operator = seeder.person(
            email=f"operator@{DEMO_MAIL_DOMAIN}",
            name="Drift Tværs",
            roles={Role.OPERATOR},
        )
        if not operator.is_staff:
            User.objects.filter(pk=operator.pk).update(is_staff=True, is_superuser=True)
    for municipality in municipalities:
        seeder.municipality(municipality)
    seed_courses(provider, municipalities)
    seed_journey(municipalities)
    if seeder.created:
        User.objects.filter(pk__in=seeder.created).update(password=seeder.password_hash)
    report.municipalities = len(municipalities)
    report.users_created = len(seeder.created)
    return report


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
    from decimal import Decimal

    from courses.models import Course
    from courses.services import (
        CourseData,
        course_publish,
        course_save,
        module_add,
        nomination_accept,
        nomination_create,
    )
    from tenants.models import Network
    from tenants.organisation.models import EmployeeProfile

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


def seed_journey(municipalities) -> None:
    """A swap agreed by everyone — Kolding's demo caseworker into one of
    Vejle's openings, moved by agreement to begin last week — so that the journey
    (checklist, logbook, evaluation), the wage-compensation pool and the
    numbers for management have something to show; a yearly pool budget and
    target in every municipality. Skipped where it exists, and when Vejle or
    Kolding is not seeded."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from exchange.approvals.services import approval_grant
    from exchange.journey.models import Target
    from exchange.models import Application, Opening, SwapStatus
    from exchange.pools.models import Pool
    from exchange.pools.services import pool_set_budget
    from exchange.services.swaps import (
        agreement_accept,
        agreement_change,
        application_accept,
        application_submit,
        swap_involve_leader,
    )

    year = timezone.localdate().year
    for municipality in municipalities:
        with tenant_context(municipality), transaction.atomic():
            hr = User.objects.get(email=demo_email("hr", municipality.slug))
            if not Pool.objects.filter(year=year).exists():
                pool_set_budget(actor=hr, year=year, budget=Decimal("250000"))
            Target.objects.get_or_create(year=year, defaults={"swaps": 6})
    seed_network_pool(municipalities, year)
    by_slug = {m.slug: m for m in municipalities}
    if "vejle" not in by_slug or "kolding" not in by_slug:
        return
    swapper = User.objects.get(email=demo_email("medarbejder", "kolding"))
    opening = (
        Opening.objects.filter(municipality=by_slug["vejle"], status="published")
        .exclude(kind="necessity_rotation")
        .order_by("pk")
        .first()
    )
    if opening is None or Application.objects.filter(applicant=swapper).exists():
        return
    vejle_hr = User.objects.get(email=demo_email("hr", "vejle"))
    home_leader = User.objects.get(email=demo_email("leder", "kolding"))
    with transaction.atomic():
        application = application_submit(
            actor=swapper,
            opening=opening,
            motivation="Jeg vil se, hvordan Vejle arbejder med virksomhederne.",
            goal_self="Lære Vejles måde at holde samtaler med ledige på.",
            goal_workplaces="Dele metoder mellem de to jobcentre.",
            goal_organisation="Et stærkere samarbejde i Job7.",
        )
        with tenant_context(by_slug["vejle"]):
            swap = application_accept(actor=vejle_hr, application=application)
        party = swap.parties.get()
        swap_involve_leader(actor=swapper, party=party)
        host_leaders = people_host_leaders(party)
        with tenant_context(by_slug["kolding"]):
            approval_grant(
                actor=home_leader,
                swap_id=swap.pk,
                party_id=party.pk,
                side="home",
            )
        with tenant_context(by_slug["vejle"]):
            approval_grant(
                actor=host_leaders[0],
                swap_id=swap.pk,
                party_id=party.pk,
                side="host",
            )
        swap.refresh_from_db()
        for user in (swapper, home_leader, host_leaders[0]):
            agreement_accept(actor=user, swap=swap, version=swap.agreement.version)
        # The leaders agreed to begin at once: the swap started last week.
        today = timezone.localdate()
        agreement_change(
            actor=home_leader,
            swap=swap,
            changes={
                "period_start": today - timedelta(days=7),
                "period_end": today + timedelta(days=35),
            },
        )
        swap.refresh_from_db()
        for user in (swapper, home_leader, host_leaders[0]):
            agreement_accept(actor=user, swap=swap, version=swap.agreement.version)
        swap.refresh_from_db()
        assert swap.status == SwapStatus.AGREED, swap.status


def seed_network_pool(municipalities, year: int) -> None:
    """Job7's shared wage-compensation pool for ``year``: 300,000 kr.
    proposed by the first member's HR and agreed by every other member's, so
    that HR can grant from it. Skipped where it exists, and unless every
    member of Job7 is seeded."""
    from decimal import Decimal

    from exchange.network_pools.models import NetworkPool
    from exchange.network_pools.services import network_pool_consent, network_pool_set_budget
    from tenants.models import Network

    network = Network.objects.filter(slug="job7").first()
    seeded = {m.pk for m in municipalities}
    if network is None or NetworkPool.objects.filter(network=network, year=year).exists():
        return
    members = list(network.members.order_by("name"))
    if not members or any(m.pk not in seeded for m in members):
        return
    hrs = [User.objects.get(email=demo_email("hr", m.slug)) for m in members]
    with transaction.atomic():
        pool = network_pool_set_budget(
            actor=hrs[0], network=network, year=year, budget=Decimal("300000")
        )
        for hr in hrs[1:]:
            network_pool_consent(actor=hr, pool=pool, budget=pool.budget)


def people_host_leaders(party):
    from tenants.organisation import people

    return people.host_leaders(party)
