"""The isolation harness must be able to fail: each thing it guards against
is done inside it once, and it must say so."""

import pytest
from django.core import mail

from accounts.models import User
from config.tasks import heartbeat
from notifications.services import Mail, send_after_commit


def test_it_fails_when_mail_leaves_after_commit(world, isolated):
    with pytest.raises(AssertionError, match="mail left"), isolated():
        send_after_commit([Mail(to="a@b.test", subject="Hej", body="x")])
    assert [m.subject for m in mail.outbox][-1] == "Hej"


def test_it_fails_when_a_row_changes(world, isolated):
    user = world.vejle.employee
    with (
        pytest.raises(AssertionError, match="something changed"),
        isolated(User.objects.filter(pk=user.pk)),
    ):
        User.objects.filter(pk=user.pk).update(full_name="Changed")


def test_it_fails_when_a_task_is_sent(world, isolated):
    with pytest.raises(AssertionError, match="a task was sent"), isolated():
        heartbeat.delay()


def test_it_passes_when_nothing_happens(world, isolated):
    user = world.vejle.employee
    with isolated(User.objects.filter(pk=user.pk), lambda: len(mail.outbox)):
        User.objects.get(pk=user.pk)
