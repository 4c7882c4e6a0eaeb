"""Joint courses in a real browser: an employee accepts a nomination from
the start page; the provider sees the pooled demand per municipality."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from playwright.sync_api import expect

from audit.models import AuditEvent
from courses.development.models import Baseline
from courses.models import Course, Nomination
from courses.services import (
    course_publish,
    course_save,
    module_add,
    nomination_accept,
    nomination_create,
)
from courses.tests.factories import course_data
from tests.browser.conftest import launch, login
from tests.browser.test_exchange_pages import UNLABELLED

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def nominated(session_world, django_db_blocker):
    """A published course with one approved Kolding nominee and a Vejle
    nomination awaiting the employee, committed before the browser starts."""
    world = session_world
    started = timezone.now()
    with django_db_blocker.unblock():
        course = course_save(actor=world.provider_staff, data=course_data(title="Browserkursus"))
        module_add(actor=world.provider_staff, course=course, title="Modul 1", days=2, location="L")
        course = course_publish(actor=world.provider_staff, course=course)
        with tenant_context(world.kolding.municipality):
            n = nomination_create(
                actor=world.kolding.hr, course=course, participant=world.kolding.employee
            )
            nomination_accept(actor=world.kolding.employee, nomination=n, participant_change="x")
        with tenant_context(world.vejle.municipality):
            waiting = nomination_create(
                actor=world.vejle.hr, course=course, participant=world.vejle.employee
            )
        yield course.pk, waiting.pk
        Nomination.objects.filter(course=course).delete()
        course.modules.all().delete()
        course.offered_to_networks.clear()
        Course.objects.filter(pk=course.pk).delete()
        for municipality in (world.vejle.municipality, world.kolding.municipality):
            with tenant_context(municipality):
                Baseline.objects.all().delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()


@pytest.fixture(scope="module")
def browser(nominated):
    yield from launch()


def test_employee_accepts_and_provider_sees_demand(page, live_server_url, nominated):
    course_id, _nomination_id = nominated
    vejle = f"http://vejle.localhost:{live_server_url}"
    login(page, vejle, "employee@vejle.example")
    page.get_by_role("link", name="Sig ja eller nej til indstillingen til “Browserkursus”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din deltagelse")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_label("Hvad vil du gerne ændre i din praksis?").fill("Bruge nye samtaleteknikker")
    page.get_by_role("button", name="Ja, jeg deltager").click()
    expect(page.locator("p.panel[role=status]")).to_have_text(
        "Godkendt; tæller med i efterspørgslen"
    )

    public = f"http://localhost:{live_server_url}"
    login(page, public, "teacher@via.example")
    page.goto(f"{public}/courses/{course_id}/")
    expect(page.get_by_text("2 af 3 nødvendige for at starte")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Kolding")
    expect(table).to_contain_text("Vejle")
    expect(page.locator("main")).not_to_contain_text("Medarbejder Vejle")  # counts, not names
    assert page.evaluate(UNLABELLED) == []
