from django.contrib.sessions.models import Session
from django.core import mail

from tests.isolation import carry_cookies, snapshot
from tests.world import PASSWORD


def test_login_by_email_on_own_host(client_for, world):
    client = client_for(municipality=world.vejle.municipality)
    response = client.post("/login/", {"username": "HR@vejle.example", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").context["user"] == world.vejle.hr


def test_wrong_password_gives_a_form_error(client_for, world):
    client = client_for(municipality=world.vejle.municipality)
    response = client.post("/login/", {"username": "hr@vejle.example", "password": "nope"})
    assert response.status_code == 200
    assert "E-mailadressen eller adgangskoden er forkert." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_on_another_municipalitys_host_is_refused(client_for, world):
    client = client_for(municipality=world.kolding.municipality)
    response = client.post("/login/", {"username": "hr@vejle.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "Log ind på http://vejle.localhost/ i stedet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_municipality_user_cannot_sign_in_on_the_shared_site(client_for, world):
    response = client_for().post(
        "/login/", {"username": "employee@kolding.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "http://kolding.localhost/" in response.content.decode()


def test_provider_staff_signs_in_on_the_shared_site(client_for, world):
    client = client_for()
    response = client.post("/login/", {"username": "teacher@via.example", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/home/")


def test_session_cookie_replayed_on_another_municipality_is_worthless(client_for, world):
    """The django-tenants #52/#756 class of bug: a valid Vejle session on Kolding's host."""
    vejle = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert vejle.get("/").status_code == 200
    kolding = client_for(municipality=world.kolding.municipality)
    carry_cookies(vejle, kolding)  # the same session cookie, carried over
    response = kolding.get("/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/")
    unit = kolding.get(f"/organisation/units/{world.kolding.workplace_id}/")
    assert (unit.status_code, unit["Location"]) == (
        302,
        f"/login/?next=/organisation/units/{world.kolding.workplace_id}/",
    )
    # …and the user is still signed in on their own site.
    assert vejle.get("/").status_code == 200


def test_municipal_session_on_the_shared_site_is_anonymous(client_for, world):
    public = client_for()
    carry_cookies(client_for(world.vejle.hr, municipality=world.vejle.municipality), public)
    response = public.get("/home/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/home/")


def test_logout_needs_post_and_ends_the_session(client_for, world):
    client = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_only_finds_accounts_of_this_site(client_for, world):
    client_for(municipality=world.kolding.municipality).post(
        "/password-reset/", {"email": "hr@vejle.example"}
    )
    assert mail.outbox == []
    client_for(municipality=world.vejle.municipality).post(
        "/password-reset/", {"email": "hr@vejle.example"}
    )
    assert [m.to for m in mail.outbox] == [["hr@vejle.example"]]
    assert "http://vejle.localhost/password/" in mail.outbox[0].body


def test_language_can_be_switched_to_english(client_for, world):
    client = client_for(municipality=world.vejle.municipality)
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Sign in to Vejle Municipality" in client.get("/login/").content.decode()


def test_signing_out_on_another_host_leaves_the_real_session_alone(client_for, world):
    vejle = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    before = snapshot(Session.objects.all())
    kolding = client_for(municipality=world.kolding.municipality)
    carry_cookies(vejle, kolding)
    assert kolding.post("/logout/").status_code == 302
    assert snapshot(Session.objects.all()) == before
    assert vejle.get("/").status_code == 200
