from django.urls import path

from tenants.organisation import views

app_name = "organisation"

urlpatterns = [
    path("organisation/units/<int:unit_id>/", views.unit_detail, name="unit"),
]
