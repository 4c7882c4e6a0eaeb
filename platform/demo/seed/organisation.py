"""A municipality's organisation: administrations, departments and
workplaces, staff in real municipal professions each with a leader, and the
documented demo accounts (HR, leader, caseworker, coach). Names are drawn
from a generator seeded with the municipality's code, so every run gives the
same people."""

import random

from accounts.models import Role, User
from demo.seed.accounts import DemoAccounts, ascii_mail_part, demo_email
from tenants.organisation.models import EmployeeProfile, UnitKind
from tenants.organisation.services import unit_ensure

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


def seed_organisation(accounts: DemoAccounts, municipality) -> User:
    """The organisation and staff of ``municipality``; returns its demo HR
    account. Call inside the municipality's context and a transaction."""
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

    hr_workplace = None
    for admin_name, departments in ORGANISATION.items():
        administration = unit_ensure(actor=None, kind=UnitKind.ADMINISTRATION, name=admin_name)
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
                leader_user = accounts.person(
                    email=leader_mail,
                    name=leader_name,
                    roles={Role.LEADER, Role.EMPLOYEE},
                    municipality=municipality,
                )
                leader = accounts.profile(
                    leader_user, "manager", f"Leder, {wp_name}", workplace, None
                )
                for index, (code, title, count) in enumerate(staff):
                    for n in range(count):
                        name, mail = new_name()
                        if fixed and index == 0 and n == 0:
                            mail = demo_email("medarbejder", slug)
                        user = accounts.person(
                            email=mail,
                            name=name,
                            roles={Role.EMPLOYEE},
                            municipality=municipality,
                        )
                        accounts.profile(user, code, title, workplace, leader)
    hr_leader = EmployeeProfile.objects.filter(
        workplace=hr_workplace, profession_id=accounts.professions["manager"].pk
    ).first()
    hr_name, _mail = new_name()
    hr = accounts.person(
        email=demo_email("hr", slug),
        name=hr_name,
        roles={Role.HR, Role.EMPLOYEE},
        municipality=municipality,
    )
    accounts.profile(
        hr,
        "hr-consultant",
        "HR-konsulent, jobbytte og kompetenceudvikling",
        hr_workplace,
        hr_leader,
    )
    coach_name, _mail = new_name()
    coach = accounts.person(
        email=demo_email("coach", slug),
        name=coach_name,
        roles={Role.COACH, Role.EMPLOYEE},
        municipality=municipality,
    )
    accounts.profile(
        coach, "hr-consultant", "Coach og udviklingskonsulent", hr_workplace, hr_leader
    )
    return hr
