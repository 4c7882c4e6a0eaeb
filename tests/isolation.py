"""The cross-municipality negative-test pattern every feature copies.

A user or API client of another municipality (or provider) must get exactly
what they would get for an id that does not exist: the same status, the same
body. Take a snapshot of what must not change before, assert after."""

import re

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _comparable(response) -> bytes:
    # The CSRF token is masked afresh on every render, and a page may echo its
    # own path (the language form's "next"); nothing else may differ.
    body = _CSRF.sub(b'name="csrfmiddlewaretoken" value=""', response.content)
    return body.replace(response.wsgi_request.path.encode(), b"<path>")


def assert_same_as_missing(foreign_response, missing_response) -> None:
    assert foreign_response.status_code == missing_response.status_code == 404
    assert _comparable(foreign_response) == _comparable(missing_response)


def snapshot(*querysets) -> list:
    """Rows that must not change, as comparable values."""
    return [list(qs.order_by("pk").values()) for qs in querysets]


def carry_cookies(source_client, target_client) -> None:
    """Copy the cookie values of one test client into another, as an attacker
    replaying a stolen cookie on another host would (a copy: each host keeps
    its own cookie jar, as browsers do)."""
    for name, morsel in source_client.cookies.items():
        target_client.cookies[name] = morsel.value
