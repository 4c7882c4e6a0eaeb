from datetime import timedelta

from django.utils import timezone

from exchange.models import Opening, OpeningStatus, Visibility
from tenants.models import Network
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from vocabulary.models import CompetenceTag, Profession


def _form(world, **overrides):
    today = timezone.localdate()
    data = {
        "workplace_unit_id": world.vejle.workplace_id,
        "title": "Jobkonsulent søges til jobbytte",
        "description": "Prøv vores metoder til motiverende samtaler.",
        "kind": "same_profession",
        "format": "part_time",
        "days_per_week": "2",
        "period_start": (today + timedelta(days=40)).isoformat(),
        "period_end": (today + timedelta(days=90)).isoformat(),
        "professions": [Profession.objects.get(code="jobcentre-caseworker").pk],
        "learning_tags": [CompetenceTag.objects.get(code="motivational-interviewing").pk],
        "capacity": "1",
        "contact_name": "HR Vejle",
        "contact_email": "hr@vejle.example",
        "visibility": "network",
        "network": world_network_id(),
        "expires_on": (today + timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


def world_network_id():
    return Network.objects.get(slug="job7").pk


def test_hr_posts_publishes_and_a_partner_finds_it(client_for, world):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.post("/exchange/my-openings/new/", _form(world))
    opening = Opening.objects.get(title="Jobkonsulent søges til jobbytte")
    assert (response.status_code, response["Location"]) == (
        302,
        f"/exchange/openings/{opening.pk}/",
    )
    assert opening.status == OpeningStatus.DRAFT
    hr.post(f"/exchange/openings/{opening.pk}/publish/")
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.PUBLISHED

    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    listing = kolding.get("/exchange/openings/", {"text": "samtaler"}).content.decode()
    assert "Jobkonsulent søges til jobbytte" in listing
    assert "1 plads" in listing
    detail = kolding.get(f"/exchange/openings/{opening.pk}/").content.decode()
    assert "Prøv vores metoder til motiverende samtaler." in detail
    assert "Administrer pladsen" not in detail  # Kolding cannot manage Vejle's opening


def test_form_errors_keep_what_was_typed(client_for, world):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    before = snapshot(Opening.objects.all())
    today = timezone.localdate()
    response = hr.post(
        "/exchange/my-openings/new/",
        _form(world, period_end=today.isoformat(), capacity="0", format="full", days_per_week=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jobkonsulent søges til jobbytte" in page  # kept
    assert "Ret de markerede felter nedenfor." in page
    assert snapshot(Opening.objects.all()) == before


def test_service_rules_show_as_field_errors(client_for, world):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    today = timezone.localdate()
    response = hr.post(
        "/exchange/my-openings/new/",
        _form(world, period_end=(today + timedelta(days=10)).isoformat()),
    )
    assert response.status_code == 200
    assert "Perioden skal slutte samme dag eller efter, den begynder." in response.content.decode()
    assert not Opening.objects.filter(title="Jobkonsulent søges til jobbytte").exists()


def test_withdraw_without_reason_is_refused_with_a_message(client_for, world, make_opening):
    opening = make_opening()
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.post(f"/exchange/openings/{opening.pk}/withdraw/", {"reason": ""}, follow=True)
    assert "Angiv en begrundelse for at trække pladsen tilbage." in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.PUBLISHED


@isolation_case("exchange:opening", "exchange:opening-edit")
def test_partners_and_outsiders_get_the_same_404_as_for_a_missing_opening(
    client_for, world, outsider, make_opening
):
    job7_only = make_opening(visibility=Visibility.NETWORK)
    aarhus = client_for(outsider, municipality=outsider.municipality)
    assert_same_as_missing(
        aarhus.get(f"/exchange/openings/{job7_only.pk}/"), aarhus.get("/exchange/openings/999999/")
    )
    kolding_hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    before = snapshot(Opening.objects.all())
    for path in (f"/exchange/openings/{job7_only.pk}/edit/",):
        assert_same_as_missing(
            kolding_hr.get(path), kolding_hr.get("/exchange/openings/999999/edit/")
        )
    for action in ("publish", "withdraw", "renew"):
        assert (
            kolding_hr.post(
                f"/exchange/openings/{job7_only.pk}/{action}/", {"reason": "x"}
            ).status_code
            == 404
        )
    assert snapshot(Opening.objects.all()) == before
    # Vejle's employee is no manager either.
    employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    assert employee.get("/exchange/my-openings/new/").status_code == 404


def test_browse_page_ignores_bad_query_values(client_for, world, make_opening):
    make_opening()
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    response = kolding.get(
        "/exchange/openings/",
        {
            "page": "x",
            "max_distance_km": "far",
            "kinds": "nonsense",
            "window_start": "2026-13-45",
            "sort": "dice",
        },
    )
    assert response.status_code == 200
    assert "1 plads" in response.content.decode()


def test_detail_page_offers_the_application_form_and_shows_applications_to_managers(
    client_for, world, make_opening
):
    opening = make_opening()
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    page = kolding.get(f"/exchange/openings/{opening.pk}/").content.decode()
    for field in ("motivation", "goal_self", "goal_workplaces", "goal_organisation"):
        assert f'name="{field}"' in page
    kolding.post(
        f"/exchange/openings/{opening.pk}/apply/",
        {
            "motivation": "Nysgerrig",
            "goal_self": "a",
            "goal_workplaces": "b",
            "goal_organisation": "c",
        },
    )
    after = kolding.get(f"/exchange/openings/{opening.pk}/").content.decode()
    assert 'name="goal_self"' not in after
    assert "Du har søgt" in after
    manager = (
        client_for(world.vejle.hr, municipality=world.vejle.municipality)
        .get(f"/exchange/openings/{opening.pk}/")
        .content.decode()
    )
    assert "Medarbejder Kolding, Kolding Kommune" in manager
    assert "Nysgerrig" in manager
    assert 'name="goal_self"' not in manager  # managers do not apply to their own opening
