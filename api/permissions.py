from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from api.models import ApiClient


class HasRequiredScope(permissions.BasePermission):
    """The client must be authenticated and hold every scope in the view's
    ``required_scopes``."""

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            raise exceptions.NotAuthenticated()
        missing = set(getattr(view, "required_scopes", ())) - set(client.scopes)
        if missing:
            raise exceptions.PermissionDenied(
                _("This API key lacks the scope(s): %(scopes)s.")
                % {"scopes": ", ".join(sorted(missing))}
            )
        return True
