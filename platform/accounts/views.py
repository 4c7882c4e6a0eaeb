from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.shortcuts import render

from accounts.forms import EmailAuthenticationForm
from accounts.models import Role, User
from accounts.selectors import colleagues_with_role
from config.tasks import HEARTBEAT_CACHE_KEY


class SiteLoginView(LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """The start page: one section for each role the user holds."""
    user: User = request.user
    context = {"roles": user.roles, "Role": Role}
    if user.municipality_id:
        from exchange.selectors import waiting_for
        from tenants.organisation import selectors as org

        profile = org.profile_of(user)
        context["profile"] = profile
        from courses.selectors import waiting_for as course_waiting
        from exchange.pools.selectors import waiting_for as pool_waiting

        context["waiting"] = waiting_for(user) + course_waiting(user) + pool_waiting(user)
        if Role.LEADER in user.roles and profile is not None:
            context["team"] = org.team_of(profile)
        if Role.HR in user.roles:
            from audit.models import AuditEvent

            context["tree"] = org.organisation_tree()
            context["employee_count"] = org.employee_count()
            context["workplace_count"] = org.workplace_count()
            context["recent_events"] = AuditEvent.objects.all()[:10]
        if Role.COACH in user.roles:
            context["coaches"] = colleagues_with_role(user, Role.COACH)
    elif user.provider_id:
        context["provider"] = user.provider
        context["provider_colleagues"] = colleagues_with_role(user, Role.PROVIDER_STAFF)
    if Role.OPERATOR in user.roles:
        from courses.models import Provider
        from tenants.models import Municipality, Network

        context["operator"] = {
            "municipalities": Municipality.objects.count(),
            "networks": Network.objects.count(),
            "providers": Provider.objects.count(),
            "heartbeat": cache.get(HEARTBEAT_CACHE_KEY),
        }
    return render(request, "accounts/home.html", context)
