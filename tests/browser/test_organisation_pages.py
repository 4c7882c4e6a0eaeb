"""HR keeps its organisation in a real browser: adds a workplace with its
place, adds a leader and names them its leader, adds an employee under
them, then moves the employee to another workplace and leader — and reads
it all back in the recent changes."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from playwright.sync_api import expect

from accounts.models import User
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, Unit
from tests.browser.conftest import launch, login

pytestmark = pytest.mark.browser

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.outerHTML)"""

WORKPLACE = "Browsertest Ungeindsats"
EMAILS = ("bente.browser@vejle.example", "carl.browser@vejle.example")


@pytest.fixture(scope="module")
def removed_afterwards(session_world, django_db_blocker):
    """What the browser adds is committed (the live server's); it is
    removed once the browser has closed, so the world is as before."""
    started = timezone.now()
    yield
    with django_db_blocker.unblock():
        users = list(User.objects.filter(email__in=EMAILS).values_list("pk", flat=True))
        with tenant_context(session_world.vejle.municipality):
            EmployeeProfile.objects.filter(user_id__in=users).update(leader=None)
            Unit.objects.filter(name=WORKPLACE).update(leader=None)
            EmployeeProfile.objects.filter(user_id__in=users).delete()
            Unit.objects.filter(name=WORKPLACE).delete()
            AuditEvent.objects.filter(occurred_at__gte=started).delete()
        with schema_context("public"):
            AuditEvent.objects.filter(occurred_at__gte=started).delete()
            User.objects.filter(pk__in=users).delete()


@pytest.fixture(scope="module")
def browser(removed_afterwards):
    # Cleaned up after the browser (and its event loop) has closed.
    yield from launch()


def test_hr_adds_a_workplace_a_leader_and_an_employee_and_moves_them(
    page, live_server_url, session_world
):
    base = f"http://vejle.localhost:{live_server_url}"
    login(page, base, "hr@vejle.example")
    page.get_by_role("link", name="Organisationen og dens enheder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationen")

    # A workplace under Jobcenter, with its place.
    page.get_by_role("link", name="tilføj en arbejdsplads").click()
    expect(page.get_by_label("Type")).to_have_value("workplace")
    page.get_by_label("Navn").fill(WORKPLACE)
    page.get_by_label("Adresse").fill("Vestergade 7, 7100 Vejle")
    page.get_by_label("Breddegrad").fill("55,7093")
    page.get_by_label("Længdegrad").fill("9,5357")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text(f"{WORKPLACE} er tilføjet.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WORKPLACE)
    expect(page.get_by_text("55.709300, 9.535700")).to_be_visible()

    # Its leader: added as an employee with the leader role, then named.
    page.get_by_role("link", name="Tilføj en medarbejder").first.click()
    page.get_by_label("E-mailadresse").fill(EMAILS[0])
    page.get_by_label("Fulde navn").fill("Bente Browser")
    page.get_by_role("checkbox", name="Leder").check()
    page.get_by_label("Stillingsbetegnelse").fill("Leder")
    page.get_by_label("Fag").select_option(label="Leder")
    page.get_by_label("Arbejdsplads").select_option(label=f"{WORKPLACE} (Arbejdsplads) – Jobcenter")
    page.get_by_label("Send en invitation pr. e-mail til at vælge en adgangskode").uncheck()
    assert page.evaluate(UNLABELLED) == []
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Bente Browser er tilføjet (ingen invitation sendt).")).to_be_visible()

    page.get_by_role("link", name="Organisationen").first.click()
    page.get_by_role("link", name=WORKPLACE).click()
    page.get_by_role("link", name="Udpeg dens leder").click()
    page.get_by_role("combobox", name="Leder").select_option(
        label=f"Bente Browser (Leder, {WORKPLACE})"
    )
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Lederen er gemt.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Bente Browser")

    # An employee there, under her.
    page.get_by_role("link", name="Tilføj en medarbejder").first.click()
    page.get_by_label("E-mailadresse").fill(EMAILS[1])
    page.get_by_label("Fulde navn").fill("Carl Browser")
    page.get_by_label("Stillingsbetegnelse").fill("Ungekonsulent")
    page.get_by_label("Arbejdsplads").select_option(label=f"{WORKPLACE} (Arbejdsplads) – Jobcenter")
    page.get_by_role("combobox", name="Leder").select_option(
        label=f"Bente Browser (Leder, {WORKPLACE})"
    )
    page.get_by_label("Send en invitation pr. e-mail til at vælge en adgangskode").uncheck()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Carl Browser er tilføjet (ingen invitation sendt).")).to_be_visible()

    # Moved: another workplace and another leader.
    page.get_by_label("Arbejdsplads").select_option(
        label="Virksomhedsservice (Arbejdsplads) – Jobcenter"
    )
    page.get_by_role("combobox", name="Leder").select_option(
        label="Leder Vejle (Leder, Jobafklaring)"
    )
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Carl Browser er flyttet.")).to_be_visible()
    expect(page.get_by_label("Arbejdsplads")).to_have_value(
        str(session_world.vejle.other_workplace_id)
    )

    # The employees of the new workplace, and the trail in words.
    page.get_by_role("link", name="Medarbejdere").first.click()
    page.get_by_role("textbox", name="Søg").fill("browser")
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("heading", name="2 medarbejdere")).to_be_visible()
    page.get_by_role("link", name="Seneste ændringer").first.click()
    rows = page.get_by_role("row")
    expect(
        rows.filter(has_text="flyttede Carl Browser (ny arbejdsplads eller leder)")
    ).to_have_count(1)
    expect(rows.filter(has_text=f"udpegede lederen af {WORKPLACE}")).to_have_count(1)
    expect(rows.filter(has_text=f"oprettede enheden {WORKPLACE}")).to_have_count(1)
    by_hr = rows.filter(has=page.get_by_role("cell", name="HR Vejle", exact=True))
    expect(by_hr).to_have_count(5)
