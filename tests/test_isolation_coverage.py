"""Every URL with an id (or slug, or token) in it has its cross-municipality
negative case: a test declared with tests.isolation.isolation_case that
compares a foreign request with a missing id. A new page or endpoint that
takes an id fails here until its isolation test exists."""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.isolation import COVERED

ROOT = Path(__file__).resolve().parent.parent

# URLs with a parameter that names nothing another municipality could own,
# or only public facts every organisation reads alike, each with the reason.
EXEMPT = {
    # Django's own: a signed one-time token that only the account's owner
    # holds, naming their own account.
    "accounts:password-reset-confirm",
    # The API's directory: a municipality's and a network's entry (name,
    # region, site, members) are public facts, read-only and the same for
    # every key with directory:read, whatever its organisation
    # (api/tests/test_isolation.py shows it).
    "api:municipality-detail",
    "api:network-detail",
}


def _routes(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _routes(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def named_urls() -> dict[str, str]:
    """URL name → route, for every named route of both sites (the
    operators' admin aside: staff only, Django's own)."""
    found = {}
    for urlconf in ("config.urls_tenant", "config.urls_public"):
        for route, name in _routes(get_resolver(urlconf)):
            if not route.startswith("admin/"):
                found[name] = route
    return found


def urls_with_ids() -> dict[str, str]:
    """URL name → route, for every route that takes a parameter in its path."""
    return {name: route for name, route in named_urls().items() if "<" in route or "(?P<" in route}


def _import_every_test_module() -> None:
    """Import every test module as pytest names it, so their isolation_case
    declarations are registered (whichever tests this run selected)."""
    for path in sorted(ROOT.rglob("test_*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var"}:
            continue
        if parts[0] == "platform":  # on the import path itself, not a package
            parts = parts[1:]
        importlib.import_module(".".join(parts)[: -len(".py")])


def test_every_url_with_an_id_has_an_isolation_case():
    _import_every_test_module()
    with_ids = urls_with_ids()
    uncovered = sorted(set(with_ids) - set(COVERED) - EXEMPT)
    assert uncovered == [], "no isolation case for: " + ", ".join(
        f"{name} ({with_ids[name]})" for name in uncovered
    )


def test_every_declared_isolation_case_names_a_url_that_exists():
    """A declared name that is no URL is a typo or a renamed URL. (A URL
    may take its id in the query string, as courses/results.csv?course=
    does, so any named URL may be declared.)"""
    _import_every_test_module()
    assert sorted(set(COVERED) - set(named_urls())) == []
