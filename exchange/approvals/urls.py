from django.urls import path

from exchange.approvals import views

app_name = "approvals"

urlpatterns = [
    path("exchange/settings/", views.settings_page, name="settings"),
    path("exchange/swaps/<int:swap_id>/approve/", views.approve, name="approve"),
    path("exchange/swaps/<int:swap_id>/decline/", views.decline, name="decline"),
    path("exchange/swaps/<int:swap_id>/med/", views.med, name="med"),
]
