"""Danish unless the person chose English: the language comes from the
language cookie (set by the switch in the page header), never from the
browser's Accept-Language, so a caseworker in Vejle always starts in Danish."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_for(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
