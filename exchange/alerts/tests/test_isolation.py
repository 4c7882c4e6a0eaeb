"""Cross-municipality negatives of saved searches. A saved search lives in
its owner's municipality's schema and is theirs alone: Vejle's HR (same
schema, not the owner), Kolding's employee and HR (whose requests reach
Kolding's schema, where the id means nothing or another's search) and
Aarhus's HR get the same 404 as for a missing search when they delete it;
nothing changes in any schema, no mail leaves, no task is sent. The search
is active, so its owner could delete it: the 404 is the scoping's."""

from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.alerts.models import SavedSearch
from exchange.alerts.services import saved_search_create
from tests.isolation import assert_same_as_missing, isolation_case, snapshot

MISSING = 999999


def _alerts_state(*municipalities) -> list:
    state = []
    for municipality in municipalities:
        with tenant_context(municipality):
            state += snapshot(SavedSearch.objects.all(), AuditEvent.objects.all())
    return state


@isolation_case("alerts:delete")
def test_only_the_owner_deletes_a_saved_search(world, client_for, outsider, isolated):
    vejle, kolding = world.vejle.municipality, world.kolding.municipality
    with tenant_context(vejle):
        search = saved_search_create(
            actor=world.vejle.employee, name="Samtaler", querystring="text=samtaler"
        )
    with tenant_context(kolding):
        # Kolding's schema has a search of its HR's own under the same id as
        # Vejle's (each schema counts its own ids): there it names another row.
        SavedSearch.objects.create(
            pk=search.pk, user_id=world.kolding.hr.pk, name="Kolding", querystring=""
        )
    clients = {
        "Vejle's HR": client_for(world.vejle.hr, municipality=vejle),
        "Kolding's employee": client_for(world.kolding.employee, municipality=kolding),
        "Aarhus's HR": client_for(outsider, municipality=outsider.municipality),
    }
    everywhere = (vejle, kolding, outsider.municipality)
    with isolated(lambda: _alerts_state(*everywhere)):
        for who, client in clients.items():
            foreign = client.post(f"/alerts/{search.pk}/delete/")
            missing = client.post(f"/alerts/{MISSING}/delete/")
            try:
                assert_same_as_missing(foreign, missing)
            except AssertionError as error:
                raise AssertionError(f"{who}: {error}") from error
    owner = client_for(world.vejle.employee, municipality=vejle)
    response = owner.post(f"/alerts/{search.pk}/delete/")
    states = {}
    for municipality in (vejle, kolding):
        with tenant_context(municipality):
            states[municipality.name] = list(SavedSearch.objects.values_list("name", "active"))
    assert (response["Location"], states) == (
        "/alerts/",
        {"Vejle": [("Samtaler", False)], "Kolding": [("Kolding", True)]},
    )
