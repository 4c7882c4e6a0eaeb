"""URLs of a municipality's own site (<slug>.<base domain>)."""

from django.urls import include, path

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("home.urls_tenant")),
    path("", include("tenants.organisation.urls")),
    path("", include("vocabulary.urls")),
    path("", include("exchange.urls")),
    path("", include("exchange.approvals.urls")),
    path("", include("exchange.matching.urls")),
    path("", include("exchange.alerts.urls")),
    path("", include("courses.development.urls")),
    path("", include("courses.urls")),
    path("", include("exchange.journey.urls")),
    path("", include("exchange.pools.urls")),
    path("", include("exchange.network_pools.urls")),
]
