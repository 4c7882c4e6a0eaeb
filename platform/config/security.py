"""Requests carrying NUL characters in their parameters are refused with 400
before any view sees them: PostgreSQL cannot store them, and no form of
ours wants them."""

from django.http import HttpResponseBadRequest, JsonResponse

from config.errors import error_body


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    error_body("invalid", "The request contains a NUL character."), status=400
                )
            return HttpResponseBadRequest("Forespørgslen indeholder ugyldige tegn (NUL).")
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in query.getlist(key)) for key in query)
