"""Every exchange page renders for the roles that use it (template errors and
missing context show up here, not in production)."""

from exchange.models import Application
from tests.exchange_fixtures import opening_data  # noqa: F401  (documents the shape used)


def test_pages_render_for_their_roles(
    world, client_for, make_opening, django_capture_on_commit_callbacks
):
    opening = make_opening()
    employee = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    employee.post(
        f"/exchange/openings/{opening.pk}/apply/",
        {"motivation": "m", "goal_self": "s", "goal_workplaces": "w", "goal_organisation": "o"},
    )

    application = Application.objects.get(opening=opening)
    swap_location = hr.post(f"/exchange/applications/{application.pk}/accept/")["Location"]

    expectations = {
        employee: [
            ("/exchange/openings/", "Pladser til jobbytte"),
            (f"/exchange/openings/{opening.pk}/", opening.title),
            ("/exchange/my-swaps/", "Mine jobbytter"),
            (swap_location, "Bed min leder om at godkende"),
            ("/exchange/requests/", "Kolleger, der vil bytte job"),
            ("/exchange/my-requests/", "Mine ønsker"),
            ("/exchange/my-requests/new/", 'name="wished_professions"'),
            ("/vocabulary/competences/", "Kompetencer"),
            ("/alerts/", "Gemte søgninger"),
            ("/", "Venter på dig"),
        ],
        hr: [
            ("/exchange/my-openings/", opening.title),
            ("/exchange/my-openings/new/", 'name="workplace_unit_id"'),
            (f"/exchange/openings/{opening.pk}/edit/", opening.title),
            (f"/exchange/openings/{opening.pk}/", "Medarbejder Kolding"),
            ("/exchange/settings/", 'name="med"'),
            (swap_location, "Jobafklaring"),
        ],
        leader: [
            (swap_location, "Godkend som leder på den modtagende arbejdsplads"),
            ("/", "Godkend eller afvis en jobbytter til Jobafklaring"),
        ],
    }
    for client, pages in expectations.items():
        for path, text in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            assert text in response.content.decode(), (path, text)
