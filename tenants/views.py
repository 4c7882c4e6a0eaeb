from django.shortcuts import render

from tenants.selectors import municipalities_joined, networks_with_members
from tenants.sites import municipality_site_url


def public_home(request):
    """The shared site's start page: who has joined, and in which networks."""
    municipalities = [
        {"municipality": m, "url": municipality_site_url(m)} for m in municipalities_joined()
    ]
    regions: dict[str, list] = {}
    for item in municipalities:
        regions.setdefault(item["municipality"].region, []).append(item)
    return render(
        request,
        "tenants/public_home.html",
        {
            "regions": sorted(regions.items()),
            "municipality_count": len(municipalities),
            "networks": networks_with_members(),
        },
    )
