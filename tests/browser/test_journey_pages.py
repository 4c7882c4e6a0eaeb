"""The swap journey in a real browser: the swapper writes a logbook entry
without sharing it; the host leader's page does not show it, then does once
it is shared with the leaders."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from playwright.sync_api import expect

from audit.models import AuditEvent
from exchange.approvals.models import Approval
from exchange.approvals.services import approval_grant
from exchange.journey.models import Journey
from exchange.models import Agreement, Application, Opening, Swap
from exchange.services import opening_create, opening_publish
from exchange.services.swaps import (
    agreement_accept,
    application_accept,
    application_submit,
    swap_involve_leader,
)
from tests.browser.conftest import launch, login
from tests.browser.test_exchange_pages import UNLABELLED
from tests.exchange_fixtures import opening_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def journey(session_world, django_db_blocker):
    """An agreed swap (Kolding's employee into Vejle's opening) that began
    three days ago, committed before the browser starts."""
    world = session_world
    started = timezone.now()
    with django_db_blocker.unblock():
        with tenant_context(world.vejle.municipality):
            opening = opening_publish(
                actor=world.vejle.hr,
                opening=opening_create(
                    actor=world.vejle.hr, data=opening_data(world, title="Browser: forløb")
                ),
            )
        application = application_submit(
            actor=world.kolding.employee,
            opening=opening,
            motivation="m",
            goal_self="s",
            goal_workplaces="w",
            goal_organisation="o",
        )
        with tenant_context(world.vejle.municipality):
            swap = application_accept(actor=world.vejle.hr, application=application)
        party = swap.parties.get()
        swap_involve_leader(actor=world.kolding.employee, party=party)
        with tenant_context(world.kolding.municipality):
            approval_grant(
                actor=world.kolding.leader,
                swap_id=swap.pk,
                party_id=party.pk,
                side="home",
            )
        with tenant_context(world.vejle.municipality):
            approval_grant(
                actor=world.vejle.leader,
                swap_id=swap.pk,
                party_id=party.pk,
                side="host",
            )
        swap.refresh_from_db()
        for user in (world.kolding.employee, world.kolding.leader, world.vejle.leader):
            agreement_accept(actor=user, swap=swap, version=1)
        begun = timezone.localdate() - timedelta(days=3)
        Swap.objects.filter(pk=swap.pk).update(period_start=begun)
        with tenant_context(world.kolding.municipality):
            Journey.objects.filter(party_id=party.pk).update(period_start=begun)
        yield swap.pk, party.pk
        with tenant_context(world.kolding.municipality):
            Journey.objects.filter(party_id=party.pk).delete()
        for municipality in (world.kolding.municipality, world.vejle.municipality):
            with tenant_context(municipality):
                Approval.objects.filter(swap_id=swap.pk).delete()
        Agreement.objects.filter(swap=swap).delete()
        swap.parties.all().delete()
        Swap.objects.filter(pk=swap.pk).delete()
        Application.objects.filter(pk=application.pk).delete()
        opening.professions.clear()
        opening.learning_tags.clear()
        Opening.objects.filter(pk=opening.pk).delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()


@pytest.fixture(scope="module")
def browser(journey):
    yield from launch()


def test_the_logbook_stays_private_until_shared(page, live_server_url, journey):
    swap_id, party_id = journey
    path = f"/exchange/swaps/{swap_id}/journey/{party_id}/"
    kolding = f"http://kolding.localhost:{live_server_url}"
    login(page, kolding, "employee@kolding.example")
    page.get_by_role("link", name="Mine jobbytteforløb").click()
    page.get_by_role("link", name="Medarbejder Kolding").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medarbejder Kolding")
    assert page.evaluate(UNLABELLED) == []
    page.locator("#entry-text").fill("Første dag i Vejle: tavlemøde kl. 8.30")
    page.get_by_role("button", name="Gem notatet").click()
    expect(page.get_by_text("Første dag i Vejle: tavlemøde kl. 8.30")).to_be_visible()

    vejle = f"http://vejle.localhost:{live_server_url}"
    host = page.context.browser.new_context(locale="da-DK").new_page()
    login(host, vejle, "leader@vejle.example")
    host.goto(f"{vejle}{path}")
    expect(host.get_by_role("heading", level=1)).to_contain_text("Medarbejder Kolding")
    expect(host.locator("main")).not_to_contain_text("tavlemøde kl. 8.30")

    entry = page.locator("article", has_text="tavlemøde kl. 8.30")
    entry.get_by_label("begge ledere").check()
    entry.get_by_role("button", name="Gem").click()
    host.reload()
    expect(host.locator("main")).to_contain_text("tavlemøde kl. 8.30")
    host.context.close()
