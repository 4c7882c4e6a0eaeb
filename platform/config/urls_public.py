"""URLs of the shared site at the base domain: public start page, provider and
operator pages, the admin for operators, and the partner API."""

from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("accounts.urls")),
    path("", include("home.urls_public")),
    path("", include("courses.development.urls_provider")),
    path("", include("courses.urls_provider")),
]

handler500 = "api.errors.server_error"
