from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiClient


class ApiClientRateThrottle(SimpleRateThrottle):
    """Requests per minute per API client (its own rate, or the platform
    default); anonymous requests (schema, docs) per address at the default.
    Counts live in the shared cache, so every web process sees the same."""

    scope = "api_client"

    def __init__(self):
        # The rate depends on the client, so it is set per request.
        pass

    def allow_request(self, request, view):
        client = request.auth if isinstance(request.auth, ApiClient) else None
        per_minute = (
            client.rate_per_minute if client else None
        ) or settings.API_DEFAULT_RATE_PER_MINUTE
        self.rate = f"{per_minute}/m"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiClient):
            return f"throttle:api-client:{request.auth.pk}"
        return f"throttle:api-anon:{self.get_ident(request)}"
