import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import KEY_PREFIX, ApiClient, hash_key
from api.scopes import Scope
from audit.services import audit_record_public


class ApiClientError(ValueError):
    pass


@transaction.atomic
def api_client_create(
    *,
    actor: User | None,
    name: str,
    scopes: list[str],
    municipality=None,
    provider=None,
    rate_per_minute=None,
) -> tuple[ApiClient, str]:
    """Create a partner API client for one organisation. Returns the client and
    its key, which is not stored and cannot be shown again. Operators call it."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ApiClientError(f"Unknown scope(s): {', '.join(sorted(unknown))}.")
    if (municipality is None) == (provider is None):
        raise ApiClientError("An API client belongs to exactly one municipality or provider.")
    key_id = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    client = ApiClient(
        name=name,
        scopes=sorted(set(scopes)),
        municipality=municipality,
        provider=provider,
        key_id=key_id,
        key_hash=hash_key(key),
        rate_per_minute=rate_per_minute,
        created_by=actor,
    )
    client.full_clean()
    client.save()
    audit_record_public(
        actor=actor,
        action="api_client.created",
        target=client,
        municipality=municipality,
        provider=provider,
        data={"scopes": client.scopes},
    )
    return client, key


@transaction.atomic
def api_client_revoke(*, actor: User | None, client: ApiClient) -> ApiClient:
    """Revoke a client's key at once. Operators call it; harmless to repeat."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit_record_public(
            actor=actor,
            action="api_client.revoked",
            target=client,
            municipality=client.municipality,
            provider=client.provider,
        )
    return client
