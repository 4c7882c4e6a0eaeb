from datetime import timedelta

from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from exchange.alerts.models import SavedSearch
from exchange.alerts.services import digests_send
from exchange.alerts.tasks import send_all_digests, send_digests
from tests.isolation import assert_same_as_missing, isolation_case


def test_saved_search_digest_sends_new_matches_once(
    world, client_for, make_opening, django_capture_on_commit_callbacks
):
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    kolding.post("/alerts/new/", {"name": "Samtaler", "querystring": "text=samtaler&page=3"})
    with tenant_context(world.kolding.municipality):
        search = SavedSearch.objects.get()
    assert (search.name, search.querystring, search.user_id) == (
        "Samtaler",
        "text=samtaler",
        world.kolding.employee.pk,
    )

    make_opening(title="Motiverende samtaler i Vejle", description="Samtaler med ledige.")
    make_opening(title="Pædagog i vuggestue", description="Leg og læring.", learning_tags=[])
    with (
        tenant_context(world.kolding.municipality),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert digests_send(now=timezone.now() + timedelta(seconds=1)) == 1
    assert [m.to for m in mail.outbox] == [["employee@kolding.example"]]
    message = mail.outbox[0]
    assert "Motiverende samtaler i Vejle" in message.body
    assert "Pædagog i vuggestue" not in message.body
    unsubscribe = f"http://kolding.localhost/alerts/unsubscribe/{search.unsubscribe_token}/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    mail.outbox.clear()
    with (
        tenant_context(world.kolding.municipality),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert (
            digests_send(now=timezone.now() + timedelta(seconds=2)) == 0
        )  # nothing new: safe twice
    assert mail.outbox == []


@isolation_case("alerts:unsubscribe")
def test_one_click_unsubscribe_on_the_own_site_only(world, client_for):
    with tenant_context(world.kolding.municipality):
        search = SavedSearch.objects.create(
            user_id=world.kolding.employee.pk, name="x", querystring=""
        )
    path = f"/alerts/unsubscribe/{search.unsubscribe_token}/"
    vejle = client_for(municipality=world.vejle.municipality)
    assert_same_as_missing(
        vejle.get(path), vejle.get("/alerts/unsubscribe/00000000-0000-0000-0000-000000000000/")
    )
    anonymous = client_for(municipality=world.kolding.municipality)
    assert (
        anonymous.get(path).status_code == 200
    )  # a page with a button: link scanners change nothing
    with tenant_context(world.kolding.municipality):
        assert SavedSearch.objects.get().active is True
    anonymous.post(path)
    with tenant_context(world.kolding.municipality):
        assert SavedSearch.objects.get().active is False


def test_saved_searches_are_private(world, client_for):
    with tenant_context(world.kolding.municipality):
        search = SavedSearch.objects.create(
            user_id=world.kolding.employee.pk, name="Privat", querystring=""
        )
    other = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    assert "Privat" not in other.get("/alerts/").content.decode()
    assert other.post(f"/alerts/{search.pk}/delete/").status_code == 404
    with tenant_context(world.vejle.municipality):
        assert not SavedSearch.objects.exists()  # Kolding's searches live in Kolding's schema


def test_daily_fan_out_sends_one_task_per_municipality(world, monkeypatch):
    sent = []
    monkeypatch.setattr(
        send_digests,
        "apply_async",
        lambda *a, municipality=None, **k: sent.append(municipality.code),
    )
    assert send_all_digests() == 2
    assert sorted(sent) == [621, 630]
