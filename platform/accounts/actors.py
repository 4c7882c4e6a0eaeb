"""Who acts on the platform. Every write service takes the acting ``actor``:
a person (a User), or a partner system acting through the API
(api.models.ApiClient, which has no account of its own). Services that only
people may call take ``actor: User``; those that partner systems may call
too take ``actor: Actor``."""

from typing import Protocol

from accounts.models import User


class PartnerSystem(Protocol):
    """A partner system acting for one organisation (api.models.ApiClient)."""

    is_person: bool  # always False
    pk: int
    municipality_id: int | None
    provider_id: int | None

    @property
    def audit_label(self) -> str: ...

    def has_role(self, role: str) -> bool: ...


Actor = User | PartnerSystem
