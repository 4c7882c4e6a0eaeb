"""The exchange in a real browser: search with a facet, open an opening,
see the application form with labelled fields."""

import pytest
from django_tenants.utils import schema_context, tenant_context
from playwright.sync_api import expect

from audit.models import AuditEvent
from exchange.models import Opening
from exchange.services import opening_create, opening_publish
from tests.browser.conftest import launch
from tests.exchange_fixtures import opening_data
from tests.world import PASSWORD

pytestmark = pytest.mark.browser

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.outerHTML)"""


@pytest.fixture(scope="module")
def published_opening(session_world, django_db_blocker):
    """One opening committed for the live server (created before the browser
    starts: Playwright's event loop forbids ORM calls while it runs)."""
    world = session_world
    with django_db_blocker.unblock(), tenant_context(world.vejle.municipality):
        opening = opening_create(
            actor=world.vejle.hr,
            data=opening_data(world, title="Browsertest: motiverende samtaler i Vejle"),
        )
        opening = opening_publish(actor=world.vejle.hr, opening=opening)
    yield opening.pk
    with django_db_blocker.unblock():
        with schema_context("public"):
            AuditEvent.objects.filter(
                target_type="exchange.opening", target_id=str(opening.pk)
            ).delete()
        opening.professions.clear()
        opening.learning_tags.clear()
        Opening.objects.filter(pk=opening.pk).delete()


@pytest.fixture(scope="module")
def browser(published_opening, request):
    # The opening exists before the browser (and its event loop) starts.
    yield from launch()


def test_search_facet_and_application_form(page, live_server_url, published_opening):
    base = f"http://kolding.localhost:{live_server_url}"
    page.goto(f"{base}/login/")
    page.get_by_label("E-mailadresse").fill("employee@kolding.example")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Jobbytte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pladser til jobbytte")
    page.get_by_label("Søg", exact=True).fill("samtaler")
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("heading", name="1 plads")).to_be_visible()
    page.get_by_role("checkbox", name="Jobkonsulent").check()
    page.get_by_role("button", name="Vis pladser").click()
    expect(page.get_by_role("heading", name="1 plads")).to_be_visible()
    page.get_by_role("link", name="Browsertest: motiverende samtaler i Vejle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Browsertest: motiverende samtaler i Vejle"
    )
    expect(page.get_by_label("Hvad vil du gerne lære? (for dig)")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
