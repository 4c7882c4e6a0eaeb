from django.urls import path

from tenants.organisation import views
from tenants.organisation.staff_import import urls as staff_import_urls

app_name = "organisation"

urlpatterns = [
    path("organisation/units/<int:unit_id>/", views.unit_detail, name="unit"),
    *staff_import_urls.urlpatterns,
]
