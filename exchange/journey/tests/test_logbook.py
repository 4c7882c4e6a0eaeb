"""During the swap: the logbook is the swapper's. An entry is written for a
day within the period and not ahead; it is read by the swapper only unless
shared with the coach, both leaders or the colleagues at home (HR never);
only the swapper changes who may read it."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.journey.models import Journey, LogbookEntry
from exchange.journey.tests.support import begin, journey_url
from tests.isolation import assert_same_as_missing, isolation_case


@isolation_case("journey:entry", "journey:entry-share", "journey:journey")
def test_the_logbook_is_private_unless_shared(
    world, agreed, client_for, outsider, colleague, isolated
):
    swap, kolding, vejle = agreed.swap, agreed.kolding, agreed.vejle
    start = begin(world, swap)
    neighbour = client_for(colleague, municipality=world.kolding.municipality)
    # Outside the period, or ahead of today: refused, nothing stored.
    for day in (start - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        kolding["employee"].post(
            agreed.url("logbook/"), {"entry_date": day.isoformat(), "text": "x"}
        )
    kolding["employee"].post(
        agreed.url("logbook/"), {"entry_date": start.isoformat(), "text": "Hemmelig første dag"}
    )
    with tenant_context(world.kolding.municipality):
        entry = LogbookEntry.objects.get()
    assert "Hemmelig første dag" in kolding["employee"].get(agreed.url()).content.decode()
    for client in (kolding["leader"], kolding["hr"], kolding["coach"], vejle["leader"]):
        page = client.get(agreed.url())
        assert page.status_code == 200 and "Hemmelig første dag" not in page.content.decode()
    assert "Hemmelig første dag" not in neighbour.get("/journey/").content.decode()
    # Not on the journey at all: the same 404 as a missing journey.
    aarhus = client_for(outsider, municipality=outsider.municipality)
    for client in (vejle["hr"], aarhus, neighbour):
        assert_same_as_missing(client.get(agreed.url()), client.get(journey_url(swap.pk, 999999)))
    # Addressed directly, the unshared entry is as missing as any.
    entry_path = agreed.url(f"logbook/{entry.pk}/")
    missing_entry = agreed.url("logbook/999999/")
    assert kolding["employee"].get(entry_path).status_code == 200
    for client in (kolding["leader"], kolding["hr"], kolding["coach"], vejle["leader"]):
        assert_same_as_missing(client.get(entry_path), client.get(missing_entry))
    for client in (vejle["hr"], aarhus):
        assert_same_as_missing(client.get(entry_path), client.get(missing_entry))
    # The logbook form shows the swap's purpose as prompts (to the swapper).
    assert "Lære motiverende samtaler" in kolding["employee"].get(agreed.url()).content.decode()
    assert "Lære motiverende samtaler" not in vejle["leader"].get(agreed.url()).content.decode()
    # Shared with the leaders: both leaders read it, the coach still not.
    kolding["employee"].post(agreed.url(f"logbook/{entry.pk}/share/"), {"leaders": "on"})
    assert "Hemmelig første dag" in kolding["leader"].get(agreed.url()).content.decode()
    assert "Hemmelig første dag" in vejle["leader"].get(agreed.url()).content.decode()
    assert "Hemmelig første dag" not in kolding["coach"].get(agreed.url()).content.decode()
    assert vejle["leader"].get(entry_path).status_code == 200
    assert_same_as_missing(kolding["coach"].get(entry_path), kolding["coach"].get(missing_entry))
    # Only the swapper changes who may read it.
    with isolated(lambda: _logbook_state(world)):
        assert_same_as_missing(
            kolding["leader"].post(agreed.url(f"logbook/{entry.pk}/share/"), {"colleagues": "on"}),
            kolding["leader"].post(agreed.url("logbook/999999/share/"), {"colleagues": "on"}),
        )
    kolding["employee"].post(agreed.url(f"logbook/{entry.pk}/share/"), {"colleagues": "on"})
    assert "Hemmelig første dag" in neighbour.get("/journey/").content.decode()
    assert "Hemmelig første dag" not in kolding["leader"].get(agreed.url()).content.decode()


def _logbook_state(world):
    with tenant_context(world.kolding.municipality):
        return [
            list(LogbookEntry.objects.order_by("pk").values()),
            list(AuditEvent.objects.order_by("pk").values()),
        ]


def test_the_swapper_chooses_the_cadence(world, agreed):
    agreed.kolding["employee"].post(agreed.url("cadence/"), {"cadence": "daily"})
    agreed.kolding["employee"].post(agreed.url("cadence/"), {"cadence": "hourly"})
    assert (
        agreed.kolding["leader"].post(agreed.url("cadence/"), {"cadence": "weekly"}).status_code
        == 404
    )
    with tenant_context(world.kolding.municipality):
        assert Journey.objects.get().cadence == "daily"


def test_over_long_text_is_refused_not_cut(world, agreed):
    start = begin(world, agreed.swap)
    agreed.kolding["employee"].post(
        agreed.url("logbook/"), {"entry_date": start.isoformat(), "text": "x" * 20001}
    )
    with tenant_context(world.kolding.municipality):
        assert not LogbookEntry.objects.exists()
