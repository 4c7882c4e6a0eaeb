from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser


class OrganisationBoundUserMiddleware:
    """Treats a signed-in user as anonymous on any site that is not their
    organisation's: a municipality user only on their municipality's host,
    provider staff and operators only on the shared site. Guards against a
    valid session cookie replayed on another municipality's host (the
    django-tenants #52/#756 class of bug). The request gets a fresh, empty
    session instead of the carried one, so nothing done on the wrong host
    (not even signing out) can touch the real session: the user stays signed
    in on their own site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        tenant = getattr(request, "tenant", None)
        if user is not None and user.is_authenticated and not user.belongs_to_site(tenant):
            request.user = AnonymousUser()
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
            request.foreign_session = True
        return self.get_response(request)
