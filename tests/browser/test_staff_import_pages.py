"""The staff import in a real browser, with a real worker: HR uploads a file
with one bad row, reads why in the preview, uploads the corrected file and
confirms; the result page counts what was created."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from playwright.sync_api import expect

from accounts.models import User
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, StaffImport, Unit
from tests.browser.conftest import launch, login
from tests.browser.test_exchange_pages import UNLABELLED

pytestmark = [pytest.mark.browser, pytest.mark.worker]

HEADER = "e-mail;navn;medarbejdernummer;stillingsbetegnelse;fag;forvaltning;afdeling;arbejdsplads;leder;roller"
PLACE = "Browsertest;Afdelingen;Stedet"
EMAILS = ["browser.leder@vejle.example", "browser.kollega@vejle.example"]


def _file(profession: str) -> bytes:
    rows = [
        HEADER,
        f"{EMAILS[0]};Bente Browser;B1;Leder;manager;{PLACE};;medarbejder, leder",
        f"{EMAILS[1]};Kim Kollega;B2;Sygeplejerske;{profession};{PLACE};B1;medarbejder",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


@pytest.fixture(scope="module")
def files(session_world, django_db_blocker, tmp_path_factory):
    """The two files; afterwards everything the import created is removed
    (it was committed for the live server and the worker)."""
    folder = tmp_path_factory.mktemp("staff")
    (folder / "medarbejdere.csv").write_bytes(_file("astronaut"))
    (folder / "medarbejdere-rettet.csv").write_bytes(_file("Sygeplejerske"))
    started = timezone.now()
    yield folder
    with django_db_blocker.unblock():
        with tenant_context(session_world.vejle.municipality):
            EmployeeProfile.objects.filter(user__email__in=EMAILS).update(leader=None)
            EmployeeProfile.objects.filter(user__email__in=EMAILS).delete()
            for kind in ("workplace", "department", "administration"):
                Unit.objects.filter(kind=kind, created_at__gte=started).delete()
            StaffImport.objects.all().delete()
        User.objects.filter(email__in=EMAILS).delete()
        for schema in ("public", "k630"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()


@pytest.fixture(scope="module")
def browser(files, celery_worker_process):
    yield from launch()


def test_hr_fixes_a_refused_row_and_confirms(page, live_server_url, files):
    vejle = f"http://vejle.localhost:{live_server_url}"
    login(page, vejle, "hr@vejle.example")
    page.goto(f"{vejle}/organisation/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Importér medarbejdere fra et regneark"
    )
    assert page.evaluate(UNLABELLED) == []
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(files / "medarbejdere.csv")
    page.get_by_role("button", name="Upload og tjek").click()
    # The worker reads and checks it; the page follows and shows the preview.
    expect(page.locator("#refused-summary")).to_contain_text(
        "1 række er afvist, så intet kan gennemføres endnu.", timeout=60_000
    )
    expect(page.locator("#row-3")).to_contain_text("Ukendt fag: astronaut.")
    expect(page.get_by_role("button", name="Gennemfør importen")).to_have_count(0)

    page.get_by_role("link", name="Upload den rettede fil").click()
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(
        files / "medarbejdere-rettet.csv"
    )
    page.get_by_role("button", name="Upload og tjek").click()
    expect(page.get_by_role("button", name="Gennemfør importen")).to_be_visible(timeout=60_000)
    expect(page.locator("#count-create")).to_have_text("2")
    expect(page.locator("#units")).to_contain_text("Browsertest › Afdelingen › Stedet")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_role("button", name="Gennemfør importen").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible(timeout=60_000)
    expect(page.locator("p[role=status]")).to_contain_text("Gennemført")
    expect(page.locator("#count-create")).to_have_text("2")
    expect(page.locator("#count-refused")).to_have_text("0")
