"""Addresses of the shared site and of each municipality's site."""

from django.conf import settings


def _origin(host: str) -> str:
    port = f":{settings.TVAERS_PUBLIC_PORT}" if settings.TVAERS_PUBLIC_PORT else ""
    return f"{settings.TVAERS_URL_SCHEME}://{host}{port}"


def public_site_url(path: str = "/") -> str:
    return _origin(settings.TVAERS_BASE_DOMAIN) + path


def municipality_site_url(municipality, path: str = "/") -> str:
    # .all() uses prefetched domains where the caller prefetched them.
    domain = next((d.domain for d in municipality.domains.all() if d.is_primary), None)
    return _origin(domain or f"{municipality.slug}.{settings.TVAERS_BASE_DOMAIN}") + path


def organisation_site_url(user, path: str = "/") -> str:
    """Where ``user`` works: their municipality's site, or the shared site."""
    if user.municipality_id:
        return municipality_site_url(user.municipality, path)
    return public_site_url(path)
