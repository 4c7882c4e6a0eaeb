import logging

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from api.models import ApiClient

logger = logging.getLogger(__name__)


class HasRequiredScope(permissions.BasePermission):
    """The client must be authenticated and hold every scope in the view's
    ``required_scopes``. A view that declares none is closed to every key
    (fail closed), so a forgotten declaration never opens data."""

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            raise exceptions.NotAuthenticated()
        required = getattr(view, "required_scopes", None)
        if not required:
            logger.error("%s declares no required_scopes; refused.", type(view).__name__)
            raise exceptions.PermissionDenied(_("This endpoint is not open to API keys."))
        missing = set(required) - set(client.scopes)
        if missing:
            raise exceptions.PermissionDenied(
                _("This API key lacks the scope(s): %(scopes)s.")
                % {"scopes": ", ".join(sorted(missing))}
            )
        return True
