"""Writing audit events. Call these inside the transaction of the service
whose change they record, so the event and the change commit together."""

from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent

if TYPE_CHECKING:  # accounts sits above audit; the type only
    from accounts.actors import Actor

SYSTEM_LABEL = "system"


def _actor_fields(actor: "Actor | None") -> dict[str, Any]:
    """A person (a user), a partner system (an API client, which has an
    ``audit_label`` and no account), or the platform itself (None)."""
    if actor is None:
        return {"actor": None, "actor_label": SYSTEM_LABEL}
    if not actor.is_person:
        return {"actor": None, "actor_label": actor.audit_label}
    return {"actor": actor, "actor_label": actor.email}


def _target_fields(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": ""}
    return {"target_type": target._meta.label_lower, "target_id": str(target.pk)}


def audit_record_public(
    *,
    actor: "Actor | None",
    action: str,
    target: models.Model | None = None,
    municipality=None,
    provider=None,
    data: dict | None = None,
) -> AuditEvent:
    """Record a cross-border or platform event in the public schema, whatever
    schema the connection is set to. ``actor`` None means the platform itself."""
    with schema_context(get_public_schema_name()):
        return AuditEvent.objects.create(
            **_actor_fields(actor),
            **_target_fields(target),
            action=action,
            municipality=municipality,
            provider=provider,
            data=data or {},
        )


def audit_record_local(
    *,
    actor: "Actor | None",
    action: str,
    target: models.Model | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Record a municipality's local event in its own schema. Must be called
    with the connection set to that municipality; refuses the public schema so
    that local events can never leak into the shared trail."""
    if connection.schema_name == get_public_schema_name():
        raise RuntimeError("audit_record_local called outside a municipality schema")
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        **_target_fields(target),
        action=action,
        municipality=connection.tenant if hasattr(connection.tenant, "code") else None,
        data=data or {},
    )
