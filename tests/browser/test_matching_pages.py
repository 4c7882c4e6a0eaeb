"""Matching in a real browser: an employee finds the proposal on the start
page, reads the rotation without names and says yes; HR sees the run and
the proposal on the matching page."""

import pytest
from playwright.sync_api import expect

from exchange.matching.services.execution import run_execute
from exchange.models import MatchProposal, MatchRun, RunTrigger
from tenants.models import Network
from tests.browser.conftest import launch, login
from tests.browser.test_exchange_pages import UNLABELLED
from tests.matching_fixtures import committed_rotation

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proposal(session_world, django_db_blocker):
    """A run done and its proposal written, committed before the browser
    starts (no ORM while Playwright's event loop runs)."""
    with django_db_blocker.unblock(), committed_rotation(session_world) as requests:
        run = MatchRun.objects.create(
            network=Network.objects.get(slug="job7"), trigger=RunTrigger.ON_DEMAND
        )
        run_execute(run.pk)
        proposal = MatchProposal.objects.get()
        yield proposal.pk, [r.pk for r in requests]


@pytest.fixture(scope="module")
def browser(proposal):
    yield from launch()


def test_employee_answers_and_hr_follows(page, live_server_url, proposal):
    proposal_id, (a, b, _c) = proposal
    vejle = f"http://vejle.localhost:{live_server_url}"
    login(page, vejle, "employee@vejle.example")
    page.get_by_role("link", name="Svar på et forslag til jobbytte fra matchningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foreslået rokade mellem 3 kolleger")
    ring = page.get_by_role("list").filter(has_text="overtager stillingen som")
    expect(ring.get_by_role("listitem")).to_have_count(3)
    expect(ring).to_contain_text(
        f"Dig overtager stillingen som Jobkonsulent, Jobcenter, Kolding (#{b})"
    )
    expect(ring).to_contain_text("samme fag")
    expect(page.locator("main")).not_to_contain_text("Kollega bente")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_role("button", name="Ja, jeg er med").click()
    expect(page.get_by_role("status")).to_contain_text("Tak. Vi venter på de andres svar.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forslag fra matchningen")
    expect(page.get_by_text("Dit svar: Ja")).to_be_visible()

    page.get_by_role("button", name="Log ud").click()
    login(page, vejle, "hr@vejle.example")
    page.get_by_role("link", name="Matchning på tværs af netværket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matchning på tværs af netværket")
    expect(page.get_by_role("table", name="Seneste kørsler")).to_contain_text("Færdig")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"#{proposal_id}"))
    expect(row).to_contain_text("Afventer svar")
    expect(row).to_contain_text(f"Jobkonsulent, Jobcenter, Vejle (#{a}): Ja")
    expect(page.get_by_role("button", name="Kør matchning nu")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
