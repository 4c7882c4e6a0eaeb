"""After the swap: the swapper evaluates each learning goal (the host does
not read it); a sharing plan; ideas the home workplace will try, owned by
the journey's own people at home, who note how they went."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from exchange.journey.models import Idea, Journey, SharingActivity
from exchange.journey.tests.support import begin
from tests.matching_fixtures import person


def test_evaluation_sharing_and_ideas(world, agreed, mailoutbox, delivered):
    begin(world, agreed.swap)
    employee = agreed.kolding["employee"]
    today = timezone.localdate()
    for level, outcome in (("self", "met"), ("workplaces", "partly"), ("organisation", "met")):
        employee.post(
            agreed.url("evaluations/"), {"level": level, "outcome": outcome, "words": "Godt"}
        )
    employee.post(
        agreed.url("sharing/"),
        {"kind": "staff_meeting", "planned_on": (today + timedelta(days=40)).isoformat()},
    )
    mailoutbox.clear()
    with delivered():
        employee.post(
            agreed.url("ideas/"),
            {
                "text": "Fælles tavlemøde",
                "owner": world.kolding.leader.pk,
                "follow_up_on": (today + timedelta(days=60)).isoformat(),
            },
        )
    assert [m.to for m in mailoutbox] == [[world.kolding.leader.email]]
    with tenant_context(world.kolding.municipality):
        journey = Journey.objects.get()
        assert dict(journey.evaluations.values_list("level", "outcome")) == {
            "self": "met",
            "workplaces": "partly",
            "organisation": "met",
        }
        assert journey.sharing.count() == 1 and journey.ideas.count() == 1
        activity = journey.sharing.get()
    # The home leader marks the sharing done; the host leader may not.
    assert (
        agreed.vejle["leader"].post(agreed.url(f"sharing/{activity.pk}/done/")).status_code == 404
    )
    assert (
        agreed.kolding["leader"].post(agreed.url(f"sharing/{activity.pk}/done/")).status_code == 302
    )
    with tenant_context(world.kolding.municipality):
        assert SharingActivity.objects.get().done_at is not None


def test_idea_owners_are_the_journeys_own_people(world, agreed):
    """An idea's owner must be one of the journey's own people, who can note
    the follow-up."""
    begin(world, agreed.swap)
    kolding = agreed.kolding
    stranger = person(
        world.kolding, "fremmed", {"employee"}, "jobcentre-caseworker", world.kolding.workplace_id
    )
    follow = (timezone.localdate() + timedelta(days=30)).isoformat()
    kolding["employee"].post(
        agreed.url("ideas/"), {"text": "Idé", "owner": stranger.pk, "follow_up_on": follow}
    )
    kolding["employee"].post(
        agreed.url("ideas/"),
        {"text": "Idé", "owner": world.kolding.leader.pk, "follow_up_on": follow},
    )
    with tenant_context(world.kolding.municipality):
        idea = Idea.objects.get()
        assert idea.owner_id == world.kolding.leader.pk
    kolding["leader"].post(agreed.url(f"ideas/{idea.pk}/follow-up/"), {"outcome": "Virker"})
    with tenant_context(world.kolding.municipality):
        assert Idea.objects.get().outcome == "Virker"


def test_the_host_does_not_read_the_evaluation(world, agreed):
    begin(world, agreed.swap)
    agreed.kolding["employee"].post(
        agreed.url("evaluations/"), {"level": "self", "outcome": "not", "words": "Svært"}
    )
    assert "Svært" in agreed.kolding["leader"].get(agreed.url()).content.decode()
    assert "Svært" not in agreed.vejle["leader"].get(agreed.url()).content.decode()
