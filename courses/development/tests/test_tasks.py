"""The daily beat task of the follow-up sends the reminders to every
municipality, and each runs in the schema of the municipality it was sent
for."""

from unittest import mock

from config.celery import SCHEMA_KWARG
from courses.development import tasks
from tenants.models import Municipality


def test_daily_sends_the_reminders_to_every_municipality(world):
    municipalities = list(Municipality.objects.exclude(schema_name="public").order_by("pk"))
    with mock.patch.object(tasks.checkin_reminders, "apply_async") as send:
        assert tasks.daily() == len(municipalities)
    sent = [call.kwargs["municipality"].pk for call in send.call_args_list]
    assert sorted(sent) == [m.pk for m in municipalities]


def test_the_reminders_run_in_the_municipality_they_were_sent_for(
    world, completed, mailoutbox, delivered
):
    kolding = tasks.checkin_reminders.apply(
        kwargs={SCHEMA_KWARG: world.kolding.municipality.schema_name}, throw=True
    )
    assert kolding.result == 0
    with delivered():
        vejle = tasks.checkin_reminders.apply(
            kwargs={SCHEMA_KWARG: world.vejle.municipality.schema_name}, throw=True
        )
    assert vejle.result == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.vejle.employee.email, world.vejle.leader.email]
    )
