"""config.pages: a button's POST says how it went and redirects; what is not
the person's is a 404, as a missing object."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from accounts.models import User
from config.pages import say_refusal, step


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(*texts):
    def do():
        raise ValidationError(list(texts))

    return do


def test_success_says_done_and_redirects():
    request = _request()
    done = []
    response = step(request, lambda: done.append(1), "Saved.", "/somewhere/?year=2026")
    assert done == [1]
    assert (response.status_code, response["Location"]) == (302, "/somewhere/?year=2026")
    assert _said(request) == [("success", "Saved.")]


def test_success_without_a_message_says_nothing():
    request = _request()
    response = step(request, lambda: None, None, "/back/")
    assert (response["Location"], _said(request)) == ("/back/", [])


def test_a_url_name_takes_its_arguments():
    request = _request()
    response = step(request, lambda: None, None, "exchange:swap", swap_id=7)
    assert response["Location"] == "/exchange/swaps/7/"


def test_a_refusal_says_each_message_and_redirects_the_same_way():
    request = _request()
    response = step(request, _refuse("Too late.", "Give a reason."), "Saved.", "/back/")
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert _said(request) == [("error", "Too late."), ("error", "Give a reason.")]


def test_say_refusal_says_field_errors_too():
    request = _request()
    say_refusal(request, ValidationError({"year": ["Give a year."], "swaps": ["Give a number."]}))
    assert _said(request) == [("error", "Give a year."), ("error", "Give a number.")]


@pytest.mark.parametrize("missing", [ObjectDoesNotExist, User.DoesNotExist])
def test_any_does_not_exist_is_a_404_and_says_nothing(missing):
    request = _request()

    def do():
        raise missing

    with pytest.raises(Http404):
        step(request, do, "Saved.", "/back/")
    assert _said(request) == []


def test_not_yours_names_what_else_is_a_404():
    request = _request()

    def do():
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        step(request, do, "Saved.", "/back/")
    with pytest.raises(Http404):
        step(request, do, "Saved.", "/back/", not_yours=(PermissionDenied,))
    assert _said(request) == []
