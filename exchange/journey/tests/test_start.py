"""A journey starts for the swapper in their home municipality's schema when
the agreement is signed (exchange.hooks.swap_agreed), with the checklist due
before the start and the first coach; a changed agreement moves it."""

from datetime import timedelta

from django_tenants.utils import tenant_context

from exchange.journey.models import ChecklistItem, Journey
from exchange.models import SwapStatus


def test_the_journey_starts_when_the_agreement_is_signed(world, agree, mailoutbox):
    swap, party = agree(world.kolding.employee)
    with tenant_context(world.kolding.municipality):
        journey = Journey.objects.get()
        assert (journey.swap_id, journey.party_id, journey.coach_id) == (
            swap.pk,
            party.pk,
            world.kolding.coach.pk,
        )
        items = list(ChecklistItem.objects.order_by("due_on"))
        assert len(items) == 6
        assert items[0].due_on == swap.period_start - timedelta(days=21)
        assert {i.owner for i in items} == {"coach", "home_leader", "host_leader", "swapper"}
    with tenant_context(world.vejle.municipality):
        assert not Journey.objects.exists()  # the home municipality keeps it
    # The last acceptance: "agreed" to everyone who accepted; the journey's
    # start to the swapper and the coach.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        [
            (world.kolding.employee.email, "Jobbyttet er aftalt"),
            (world.kolding.leader.email, "Jobbyttet er aftalt"),
            (world.vejle.leader.email, "Jobbyttet er aftalt"),
            (world.kolding.employee.email, "Dit jobbytteforløb begynder"),
            (world.kolding.coach.email, "Du er coach for et jobbytte"),
        ]
    )


def test_the_journey_page_shows_the_checklist(agreed):
    page = agreed.kolding["employee"].get(agreed.url())
    assert page.status_code == 200
    assert "Forberedende samtale med coach" in page.content.decode()


def test_a_changed_agreement_moves_the_journey(world, agreed):
    """The period is extended and everyone accepts again: the journey follows."""
    swap, kolding, vejle = agreed.swap, agreed.kolding, agreed.vejle
    new_end = swap.period_end + timedelta(days=30)
    agreement = swap.agreement
    form = {
        "period_start": swap.period_start.isoformat(),
        "period_end": new_end.isoformat(),
        "working_hours": agreement.working_hours,
        "pay": agreement.pay,
        "holidays": agreement.holidays,
        "excluded_tasks": agreement.excluded_tasks,
        "contacts": agreement.contacts,
        "right_to_return": agreement.right_to_return,
    }
    assert kolding["employee"].post(f"/exchange/swaps/{swap.pk}/change/", form).status_code == 302
    for client in (kolding["employee"], kolding["leader"], vejle["leader"]):
        client.post(f"/exchange/swaps/{swap.pk}/accept/", {"version": 2})
    swap.refresh_from_db()
    assert (swap.status, swap.period_end) == (SwapStatus.AGREED, new_end)
    with tenant_context(world.kolding.municipality):
        assert Journey.objects.get().period_end == new_end
