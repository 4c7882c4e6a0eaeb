from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("exchange/openings/", views.opening_list, name="openings"),
    path("exchange/openings/<int:opening_id>/", views.opening_detail, name="opening"),
    path("exchange/my-openings/", views.manage_list, name="manage"),
    path("exchange/my-openings/new/", views.opening_new, name="opening-new"),
    path("exchange/openings/<int:opening_id>/edit/", views.opening_edit, name="opening-edit"),
    path(
        "exchange/openings/<int:opening_id>/<str:action>/",
        views.opening_action,
        name="opening-action",
    ),
]
