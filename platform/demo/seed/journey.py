"""A swap agreed by everyone, for the journey, the wage-compensation pool
and the numbers for management to show; and each municipality's yearly pool
budget and target of swaps."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from demo.seed.accounts import demo_email
from demo.seed.pools import seed_network_pool
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
from tenants.organisation import people


def seed_journey(municipalities) -> None:
    """A swap agreed by everyone — Kolding's demo caseworker into one of
    Vejle's openings, moved by agreement to begin last week — so that the journey
    (checklist, logbook, evaluation), the wage-compensation pool and the
    numbers for management have something to show; a yearly pool budget and
    target in every municipality. Skipped where it exists, and when Vejle or
    Kolding is not seeded."""
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
        host_leaders = people.host_leaders(party)
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
