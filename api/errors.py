"""The one error shape of the partner API, for every error:

    {"error": {"code": "not_found", "message": "Not found.", "details": {}}}

``code`` is stable and machine-readable; ``message`` is for people;
``details`` holds field errors for validation failures (field → messages)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import error_body


def _code_of(exc) -> str:
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, DjangoPermissionDenied):
        return "permission_denied"
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, exceptions.Throttled):
        return "throttled"
    if isinstance(exc, exceptions.NotFound):
        return "not_found"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    return codes if isinstance(codes, str) else getattr(exc, "default_code", "error")


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors: Django's 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", _("The request is not valid."), details)
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(
            "throttled",
            _("Too many requests. Try again in %(seconds)s seconds.")
            % {"seconds": exc.wait and int(exc.wait + 0.999)},
            {"retry_after": int(exc.wait + 0.999) if exc.wait else None},
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(_code_of(exc), str(detail) or str(exc))
    return response


@csrf_exempt  # any method on an unknown path is a 404 in the error shape, not a CSRF page
def api_not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1/ answer in the API's error shape."""
    return JsonResponse(
        error_body("not_found", _("There is no such API endpoint.")),
        status=status.HTTP_404_NOT_FOUND,
    )


def server_error(request, *args, **kwargs):
    """Django's 500 handler: the API's error shape under /api/, the plain
    error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body("server_error", _("Something went wrong on our side. Try again later.")),
            status=500,
        )
    return defaults.server_error(request, *args, **kwargs)
