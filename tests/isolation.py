"""The cross-municipality negative-test pattern every feature copies.

A user or API client of another municipality (or provider) must get exactly
what they would get for an id that does not exist: the same status, the same
body — and nothing may change, no mail leave, no task be sent.

    with isolated(Opening.objects.all(), lambda: vejle_state()):
        foreign = kolding.post(f"/exchange/openings/{opening.pk}/publish/")
        missing = kolding.post("/exchange/openings/999999/publish/")
    assert_same_as_missing(foreign, missing)

``isolated`` is the fixture form of ``assert_isolated`` (conftest.py). It runs
the after-commit callbacks the block registered before it checks (mail is
sent after commit, and a test's own transaction never commits, so without
that a "no mail" assertion could never fail)."""

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery.signals import before_task_publish
from django.core import mail
from django.db.models import QuerySet
from django.utils.html import escape

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _comparable(response) -> bytes:
    # The CSRF token is masked afresh on every render, and a page may echo its
    # own path with its query (the language form's "next"); nothing else may differ.
    body = _CSRF.sub(b'name="csrfmiddlewaretoken" value=""', response.content)
    request = response.wsgi_request
    body = body.replace(escape(request.get_full_path()).encode(), b"<path>")
    return body.replace(request.path.encode(), b"<path>")


def assert_same_as_missing(foreign_response, missing_response) -> None:
    assert foreign_response.status_code == missing_response.status_code == 404
    assert _comparable(foreign_response) == _comparable(missing_response)
    _record(foreign_response)


def _record(response) -> None:
    seen = _SEEN.get()
    match = getattr(response, "resolver_match", None)
    if seen is not None and match is not None:
        seen.add(match.view_name)


# URL name → the tests that prove it isolated (see isolation_case).
COVERED: dict[str, list[str]] = {}
_SEEN: ContextVar[set[str] | None] = ContextVar("isolation_seen", default=None)


def isolation_case(*url_names: str):
    """Declare that the decorated test proves the URLs named ``url_names``
    isolated: each must be compared with a missing id through
    assert_same_as_missing while the test runs, or the test fails.
    tests/test_isolation_coverage.py fails for a URL with an id in it that
    no test declares."""

    def decorate(test):
        for name in url_names:
            COVERED.setdefault(name, []).append(f"{test.__module__}.{test.__qualname__}")

        @functools.wraps(test)
        def run(*args, **kwargs):
            seen: set[str] = set()
            token = _SEEN.set(seen)
            try:
                result = test(*args, **kwargs)
            finally:
                _SEEN.reset(token)
            unproven = sorted(set(url_names) - seen)
            assert not unproven, f"declared but never compared with a missing id: {unproven}"
            return result

        return run

    return decorate


def snapshot(*states: QuerySet | Callable[[], object]) -> list:
    """What must not change, as comparable values: the rows of each queryset
    (all columns, by primary key), or what each callable returns."""
    return [
        list(state.order_by("pk").values()) if isinstance(state, QuerySet) else state()
        for state in states
    ]


@contextmanager
def assert_isolated(
    *states: QuerySet | Callable[[], object], capture_on_commit_callbacks
) -> Iterator[None]:
    """Assert that what happens inside the block changes none of ``states``
    (see snapshot), sends no mail and publishes no Celery task — counting
    what the block's after-commit callbacks do, which are run first.
    ``capture_on_commit_callbacks`` is pytest-django's
    ``django_capture_on_commit_callbacks`` fixture."""
    before = snapshot(*states)
    mails_before = len(mail.outbox)
    published: list[str] = []

    def record(sender=None, **_kwargs):
        published.append(sender)

    before_task_publish.connect(record, weak=False)
    try:
        with capture_on_commit_callbacks(execute=True):
            yield
    finally:
        before_task_publish.disconnect(record)
    assert snapshot(*states) == before, "something changed"
    assert [m.subject for m in mail.outbox[mails_before:]] == [], "mail left"
    assert published == [], "a task was sent"


def carry_cookies(source_client, target_client) -> None:
    """Copy the cookie values of one test client into another, as an attacker
    replaying a stolen cookie on another host would (a copy: each host keeps
    its own cookie jar, as browsers do)."""
    for name, morsel in source_client.cookies.items():
        target_client.cookies[name] = morsel.value
