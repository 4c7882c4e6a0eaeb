"""Every task carries its municipality: proven against a real worker process."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from accounts.services import user_create
from accounts.tasks import send_invitation
from audit.models import AuditEvent
from config.celery import SCHEMA_KWARG, MunicipalityRequired, app


def _invitation_events(user_id: int) -> dict[str, int]:
    counts = {}
    for schema in ("public", "k630", "k621"):
        with schema_context(schema):
            counts[schema] = AuditEvent.objects.filter(
                action="invitation.sent", target_id=str(user_id)
            ).count()
    return counts


def test_sending_from_the_public_schema_is_refused(world):
    assert connection.schema_name == "public"
    with pytest.raises(MunicipalityRequired, match="sent from the public schema"):
        send_invitation.delay(user_id=world.vejle.hr.pk)


def test_arriving_without_a_municipality_is_refused(world):
    with pytest.raises(MunicipalityRequired, match="arrived without a municipality"):
        send_invitation.apply(kwargs={"user_id": world.vejle.hr.pk}, throw=True)
    with pytest.raises(MunicipalityRequired, match="unknown municipality schema"):
        send_invitation.apply(kwargs={"user_id": 1, SCHEMA_KWARG: "k999"}, throw=True)


def test_task_body_runs_in_the_municipality_it_carries(world, mailoutbox):
    user = user_create(
        actor=None,
        email="ny@vejle.example",
        full_name="Ny Vejlenser",
        roles={Role.EMPLOYEE},
        municipality=world.vejle.municipality,
    )
    result = send_invitation.apply(kwargs={"user_id": user.pk, SCHEMA_KWARG: "k630"}, throw=True)
    assert result.get() == {"schema": "k630", "sent": True}
    assert _invitation_events(user.pk) == {"public": 0, "k630": 1, "k621": 0}
    assert [m.to for m in mailoutbox] == [["ny@vejle.example"]]
    assert "http://vejle.localhost/password/" in mailoutbox[0].body
    # Sent into Kolding, a Vejle account is not found: nothing is mailed.
    result = send_invitation.apply(kwargs={"user_id": user.pk, SCHEMA_KWARG: "k621"}, throw=True)
    assert result.get() == {"schema": "k621", "sent": False}
    assert len(mailoutbox) == 1


@pytest.fixture
def committed_vejle_user(session_world, django_db_blocker):
    """A user committed for real, so that the worker process can see it."""
    with django_db_blocker.unblock():
        user = user_create(
            actor=None,
            email="worker-test@vejle.example",
            full_name="Worker Test",
            roles={Role.EMPLOYEE},
            municipality=session_world.vejle.municipality,
        )
        yield user
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(target_id=str(user.pk)).delete()
        User.objects.filter(pk=user.pk).delete()


@pytest.mark.worker
def test_task_sent_from_vejle_runs_in_vejle_in_the_worker(
    celery_worker_process, committed_vejle_user, django_db_blocker
):
    with django_db_blocker.unblock():
        vejle = committed_vejle_user.municipality
        with tenant_context(vejle):
            result = send_invitation.delay(user_id=committed_vejle_user.pk)
        assert result.get(timeout=60) == {"schema": "k630", "sent": True}
        assert _invitation_events(committed_vejle_user.pk) == {"public": 0, "k630": 1, "k621": 0}


@pytest.mark.worker
def test_worker_refuses_a_task_without_municipality(
    celery_worker_process, committed_vejle_user, django_db_blocker
):
    # Sent around TenantTask.apply_async, as a foreign producer or a bug might.
    result = app.send_task(
        "accounts.tasks.send_invitation", kwargs={"user_id": committed_vejle_user.pk}
    )
    with pytest.raises(Exception, match="arrived without a municipality") as refused:
        result.get(timeout=60)
    assert type(refused.value).__name__ == "MunicipalityRequired"
    assert any(
        "Refused accounts.tasks.send_invitation" in line for line in celery_worker_process.lines
    )
    with django_db_blocker.unblock():
        assert _invitation_events(committed_vejle_user.pk) == {"public": 0, "k630": 0, "k621": 0}


def test_wrong_arguments_are_still_caught_when_sending(world):
    with tenant_context(world.vejle.municipality), pytest.raises(TypeError):
        send_invitation.delay(user=1)
