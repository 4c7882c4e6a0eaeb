"""Partner API clients (public schema). A client belongs to one
organisation, which decides what it may see; its key is stored hashed."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from api.scopes import Scope

KEY_PREFIX = "tvs"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=120)
    municipality = models.ForeignKey(
        "tenants.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    provider = models.ForeignKey(
        "courses.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    scopes = ArrayField(
        models.CharField(max_length=40, choices=Scope.choices), default=list, blank=True
    )
    # The public part of the key, to find the row; the whole key is only ever
    # shown once, at creation. Keys carry 256 random bits, so a plain SHA-256
    # is enough (no password-style stretching needed).
    key_id = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    rate_per_minute = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Empty: the platform default.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(municipality__isnull=False) & models.Q(provider__isnull=True))
                | (models.Q(municipality__isnull=True) & models.Q(provider__isnull=False)),
                name="api_client_one_organisation",
            )
        ]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    # DRF treats request.user as the authenticated principal.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def key_matches(self, key: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_key(key))

    @property
    def organisation(self):
        return self.municipality or self.provider

    # An API client acts as a partner system, not as a person: services that
    # take an ``actor`` ask these.
    is_person = False

    @property
    def audit_label(self) -> str:
        return f"api-client:{self.key_id} ({self.name})"

    def has_role(self, role: str) -> bool:
        """A municipality's HR system with the openings:write scope may do
        what the municipality's HR may do with openings; a provider's
        learning system with attendance:write may record attendance as the
        provider's staff do. Nothing else."""
        if role == Role.PROVIDER_STAFF:
            return self.provider_id is not None and Scope.ATTENDANCE_WRITE in self.scopes
        return (
            role == Role.HR
            and self.municipality_id is not None
            and Scope.OPENINGS_WRITE in self.scopes
        )
