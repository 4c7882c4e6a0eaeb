"""Job7's shared wage-compensation pool."""

from decimal import Decimal

from django.db import transaction

from accounts.models import User
from demo.seed.accounts import demo_email
from exchange.network_pools.models import NetworkPool
from exchange.network_pools.services import network_pool_consent, network_pool_set_budget
from tenants.models import Network


def seed_network_pool(municipalities, year: int) -> None:
    """Job7's shared wage-compensation pool for ``year``: 300,000 kr.
    proposed by the first member's HR and agreed by every other member's, so
    that HR can grant from it. Skipped where it exists, and unless every
    member of Job7 is seeded."""
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
