"""The start pages: the shared site's public page, and each signed-in
person's page with a section for every role they hold. The start page sits
above every domain and reads from each of them; nothing imports it."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render

from accounts.models import Role, User
from accounts.selectors import colleagues_with_role
from config.sites import municipality_site_url
from config.tasks import HEARTBEAT_CACHE_KEY
from courses.development.selectors import waiting_for as development_waiting
from courses.models import Provider
from courses.selectors import waiting_for as course_waiting
from exchange.pools.selectors import waiting_for as pool_waiting
from exchange.selectors import waiting_for as exchange_waiting
from tenants.models import Municipality, Network
from tenants.organisation import people
from tenants.organisation import selectors as org
from tenants.selectors import municipalities_joined, networks_with_members


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
        "home/public.html",
        {
            "regions": sorted(regions.items()),
            "municipality_count": len(municipalities),
            "networks": networks_with_members(),
        },
    )


@login_required
def start(request):
    """The signed-in start page: one section for each role the user holds."""
    user: User = request.user
    context = {"roles": user.roles, "Role": Role}
    if user.municipality_id:
        profile = people.profile_of(user)
        context["profile"] = profile
        context["waiting"] = (
            exchange_waiting(user)
            + course_waiting(user)
            + development_waiting(user)
            + pool_waiting(user)
        )
        if Role.LEADER in user.roles and profile is not None:
            context["team"] = org.team_of(profile)
        if Role.HR in user.roles:
            context["tree"] = org.organisation_tree()
            context["employee_count"] = org.employee_count()
            context["workplace_count"] = org.workplace_count()
            context["recent_changes"] = org.recent_changes(10)
        if Role.COACH in user.roles:
            context["coaches"] = colleagues_with_role(user, Role.COACH)
    elif user.provider_id:
        context["provider"] = user.provider
        context["provider_colleagues"] = colleagues_with_role(user, Role.PROVIDER_STAFF)
    if Role.OPERATOR in user.roles:
        context["operator"] = {
            "municipalities": Municipality.objects.count(),
            "networks": Network.objects.count(),
            "providers": Provider.objects.count(),
            "heartbeat": cache.get(HEARTBEAT_CACHE_KEY),
        }
    return render(request, "home/start.html", context)
