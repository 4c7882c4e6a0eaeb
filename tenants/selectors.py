"""Reads of municipalities and networks. These are public facts (which
municipalities have joined, which networks exist), so no scoping is needed."""

from django.db.models import Prefetch, QuerySet

from tenants.models import Municipality, Network


def municipalities_joined() -> QuerySet[Municipality]:
    return Municipality.objects.prefetch_related("domains").order_by("name")


def networks_with_members() -> QuerySet[Network]:
    return Network.objects.prefetch_related(
        Prefetch("members", queryset=Municipality.objects.order_by("name"))
    ).order_by("name")


def municipality_by_code(code: int) -> Municipality | None:
    return Municipality.objects.filter(code=code).first()


def network_by_slug(slug: str) -> Network | None:
    return networks_with_members().filter(slug=slug).first()
