import re

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import KEY_PREFIX, ApiClient

KEYWORD = "Api-Key"


KEY_ID = re.compile(r"[0-9a-f]{12}")


def key_id_of(key: str) -> str | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not KEY_ID.fullmatch(parts[1]):
        return None
    return parts[1]


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key tvs_<id>_<secret>``. Unknown, malformed and
    revoked keys all get the same 401."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        key = key.strip()
        key_id = key_id_of(key)
        client = (
            ApiClient.objects.select_related("municipality", "provider")
            .filter(key_id=key_id, revoked_at__isnull=True)
            .first()
            if key_id
            else None
        )
        if client is None or not client.key_matches(key):
            raise exceptions.AuthenticationFailed(
                _("The API key is not valid or has been revoked.")
            )
        return client, client

    def authenticate_header(self, request):
        return KEYWORD
