from config.sites import public_site_url


def site(request):
    """The site the page belongs to: a municipality's, or the shared one."""
    tenant = getattr(request, "tenant", None)
    municipality = tenant if hasattr(tenant, "code") else None
    return {
        "site_municipality": municipality,
        "public_site_url": public_site_url(),
    }
