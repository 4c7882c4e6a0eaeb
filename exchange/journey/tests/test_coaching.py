"""The coach: HR of the home municipality assigns one, who is told; the
coach's notes of a talk are shared with the swapper only."""

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from exchange.journey.models import CoachTalk, Journey
from exchange.journey.tests.support import begin
from tests.matching_fixtures import person


def test_the_coach_records_a_talk_the_swapper_reads(world, agreed):
    begin(world, agreed.swap)
    kolding = agreed.kolding
    today = timezone.localdate()
    talk = {"kind": "preparation", "held_on": today.isoformat(), "notes": "Formål skærpet"}
    assert kolding["coach"].post(agreed.url("coach-talks/"), talk).status_code == 302
    assert "Formål skærpet" in kolding["employee"].get(agreed.url()).content.decode()
    assert "Formål skærpet" not in kolding["leader"].get(agreed.url()).content.decode()
    other = {"kind": "checkin", "held_on": today.isoformat(), "notes": "x"}
    assert kolding["leader"].post(agreed.url("coach-talks/"), other).status_code == 404
    with tenant_context(world.kolding.municipality):
        assert list(CoachTalk.objects.values_list("kind", "notes", "coach_id")) == [
            ("preparation", "Formål skærpet", world.kolding.coach.pk)
        ]


def test_hr_assigns_a_coach_of_the_municipality(world, agreed, mailoutbox, delivered):
    second = person(
        world.kolding, "coach2", {Role.COACH}, "jobcentre-caseworker", world.kolding.workplace_id
    )
    hr = agreed.kolding["hr"]
    # A coach of another municipality is refused.
    hr.post(agreed.url("coach/"), {"coach": world.vejle.coach.pk})
    assert (
        agreed.kolding["leader"].post(agreed.url("coach/"), {"coach": second.pk}).status_code == 404
    )
    mailoutbox.clear()
    with delivered():
        assert hr.post(agreed.url("coach/"), {"coach": second.pk}).status_code == 302
    assert [m.to for m in mailoutbox] == [[second.email]]
    with tenant_context(world.kolding.municipality):
        assert Journey.objects.get().coach_id == second.pk
