"""Chooses the schema and URL configuration from the host name."""

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.postgresql_backend.base import FakeTenant
from django_tenants.utils import get_public_schema_name

from config.locale import language_for


class MunicipalityHostMiddleware(TenantMainMiddleware):
    """The base domain is the shared site (public schema, no tenant row
    needed); every other host must be a municipality's domain. An unknown
    host gets the shared site's 404 page, never a traceback."""

    def process_request(self, request):
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except Exception:
            return self._not_found(request, hostname=None)
        if hostname in self.public_hosts():
            request.tenant = FakeTenant(schema_name=get_public_schema_name())
            request.tenant.domain_url = hostname
            self.setup_url_routing(request, force_public=True)
            return None
        return super().process_request(request)

    @staticmethod
    def public_hosts() -> set[str]:
        return {settings.TVAERS_BASE_DOMAIN, *getattr(settings, "TVAERS_EXTRA_PUBLIC_HOSTS", [])}

    def no_tenant_found(self, request, hostname):
        return self._not_found(request, hostname)

    def _not_found(self, request, hostname):
        request.tenant = FakeTenant(schema_name=get_public_schema_name())
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)
        translation.activate(language_for(request))
        response = render(request, "404_unknown_host.html", {"hostname": hostname}, status=404)
        return response
