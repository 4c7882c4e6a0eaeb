"""Chooses the schema and URL configuration from the host name."""

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.postgresql_backend.base import FakeTenant
from django_tenants.utils import get_public_schema_name, get_tenant_domain_model

from config.locale import language_for

# Answered on every host without looking the host up in the database, so
# that /healthz says "up" and /readyz says 503 (not 500) when it is down.
HEALTH_PATHS = frozenset({"/healthz", "/readyz"})


class MunicipalityHostMiddleware(TenantMainMiddleware):
    """The base domain is the shared site (public schema, no tenant row
    needed); every other host must be a municipality's domain. An unknown
    host gets the shared site's 404 page, never a traceback."""

    @staticmethod
    def hostname_from_request(request):
        # Host names are case-insensitive and may end in a dot (FQDN form).
        return TenantMainMiddleware.hostname_from_request(request).lower().rstrip(".")

    def process_request(self, request):
        connection.set_schema_to_public()
        if request.path in HEALTH_PATHS:
            self._route_public(request)
            return None
        try:
            hostname = self.hostname_from_request(request)
        except Exception:
            return self._not_found(request, hostname=None)
        if hostname == settings.TVAERS_BASE_DOMAIN:
            self._route_public(request)
            request.tenant.domain_url = hostname
            return None
        domain_model = self._domain_model()
        try:
            tenant = self.get_tenant(domain_model, hostname)
        except domain_model.DoesNotExist:
            return self._not_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None

    @staticmethod
    def _domain_model():
        return get_tenant_domain_model()

    @staticmethod
    def _route_public(request) -> None:
        request.tenant = FakeTenant(schema_name=get_public_schema_name())
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)

    def _not_found(self, request, hostname):
        self._route_public(request)
        translation.activate(language_for(request))
        return render(request, "404_unknown_host.html", {"hostname": hostname}, status=404)
