"""Every task name beat sends and every name a message queued by the
release before the re-homing may carry is registered in the worker (the
worker discards a message whose task it does not know)."""

import pytest
from django.conf import settings

from config.celery import app
from exchange.matching.services.runs import MATCH_NETWORK_TASK

# The names tasks had before issue 11 moved them (see each alias).
NAMES_BEFORE_REHOMING = {
    "exchange.tasks.deliver_mail",
    "exchange.tasks.match_network",
    "exchange.tasks.match_all_networks",
    "courses.tasks.checkin_reminders",
}


@pytest.fixture(scope="module")
def registered() -> set[str]:
    # What a worker registers: every installed app's tasks and CELERY_IMPORTS.
    app.loader.import_default_modules()
    return set(app.tasks)


def test_beat_sends_only_registered_tasks(registered):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - registered == set()
    assert "config.tasks.heartbeat" in scheduled


def test_messages_queued_before_the_rehoming_still_run(registered):
    assert NAMES_BEFORE_REHOMING - registered == set()


def test_matching_is_queued_by_a_registered_name(registered):
    assert MATCH_NETWORK_TASK in registered
