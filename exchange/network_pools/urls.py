"""A network's pool, on a member municipality's site."""

from django.urls import path

from exchange.network_pools import views

app_name = "network_pools"

urlpatterns = [
    path("pools/networks/<slug:slug>/", views.network_pool, name="network"),
    path("pools/networks/<slug:slug>/budget/", views.budget, name="budget"),
    path("pools/networks/<slug:slug>/agree/", views.agree, name="agree"),
    path("pools/networks/<slug:slug>/settle/", views.settle, name="settle"),
]
