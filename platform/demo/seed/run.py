"""seed_demo: the order in which the demo's parts are seeded."""

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import tenant_context

from demo.seed.accounts import DemoAccounts
from demo.seed.courses import seed_courses
from demo.seed.exchange import seed_exchange
from demo.seed.journey import seed_journey
from demo.seed.organisation import seed_organisation
from demo.seed.shared import seed_shared
from tenants.reference import JOB7_CODES
from tenants.services import municipality_provision


@dataclass
class SeedReport:
    municipalities: int = 0
    users_created: int = 0


def seed_demo(codes: tuple[int, ...] = JOB7_CODES) -> SeedReport:
    """Seed (or top up) the demo for the Job7 municipalities (or ``codes``).
    Runs its own transactions."""
    accounts = DemoAccounts()
    municipalities = [municipality_provision(actor=None, code=code).municipality for code in codes]
    with transaction.atomic():
        provider = seed_shared(accounts, municipalities)
    for municipality in municipalities:
        with tenant_context(municipality), transaction.atomic():
            hr = seed_organisation(accounts, municipality)
            seed_exchange(accounts, municipality, hr)
    seed_courses(provider, municipalities)
    seed_journey(municipalities)
    return SeedReport(municipalities=len(municipalities), users_created=len(accounts.created))
