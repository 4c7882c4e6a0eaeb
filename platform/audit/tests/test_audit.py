import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from audit.models import AuditEvent
from audit.services import audit_record_local, audit_record_public


def _actions(schema: str) -> list[str]:
    with schema_context(schema):
        return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_local_event_stays_in_its_municipality(world):
    before = {s: _actions(s) for s in ("public", "k630", "k621")}
    with tenant_context(world.vejle.municipality):
        event = audit_record_local(actor=world.vejle.hr, action="test.local")
    assert event.municipality_id == world.vejle.municipality.pk
    assert _actions("k630") == [*before["k630"], "test.local"]
    assert _actions("k621") == before["k621"]
    assert _actions("public") == before["public"]


def test_public_event_goes_to_public_even_from_a_municipality(world):
    before = {s: _actions(s) for s in ("public", "k630")}
    with tenant_context(world.vejle.municipality):
        audit_record_public(
            actor=world.vejle.hr, action="test.public", municipality=world.vejle.municipality
        )
        assert connection.schema_name == "k630"  # the caller's context is restored
    assert _actions("public") == [*before["public"], "test.public"]
    assert _actions("k630") == before["k630"]


def test_local_event_refused_in_public_schema(world):
    with pytest.raises(RuntimeError, match="outside a municipality schema"):
        audit_record_local(actor=None, action="test.nowhere")


def test_provisioning_and_organisation_events_were_recorded_where_their_data_is(world):
    assert "municipality.provisioned" in _actions("public")
    assert "unit.created" in _actions("k630")
    assert "unit.created" not in _actions("public")
