"""What the demo keeps on the shared site: the Job7 network of the seven
municipalities, the course provider VIA University College with two staff,
and the platform operator."""

from accounts.models import Role, User
from courses.services import provider_ensure
from demo.seed.accounts import DEMO_MAIL_DOMAIN, DemoAccounts
from tenants.services import network_ensure, network_member_add


def seed_shared(accounts: DemoAccounts, municipalities):
    """Job7 with ``municipalities`` as members, VIA and its staff, the
    operator; returns VIA. Call inside a transaction."""
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
    accounts.person(
        email=f"underviser@via.{DEMO_MAIL_DOMAIN}",
        name="Birgitte Lauridsen",
        roles={Role.PROVIDER_STAFF},
        provider=provider,
    )
    accounts.person(
        email=f"kursusleder@via.{DEMO_MAIL_DOMAIN}",
        name="Henrik Storm",
        roles={Role.PROVIDER_STAFF},
        provider=provider,
    )
    operator = accounts.person(
        email=f"operator@{DEMO_MAIL_DOMAIN}",
        name="Drift Tværs",
        roles={Role.OPERATOR},
    )
    if not operator.is_staff:
        User.objects.filter(pk=operator.pk).update(is_staff=True, is_superuser=True)
    return provider
