"""The wage-compensation pool on a municipality's site."""

from django.urls import path

from exchange.pools import views

app_name = "pools"

urlpatterns = [
    path("pools/", views.overview, name="overview"),
    path("pools/budget/", views.budget, name="budget"),
    path("pools/claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("pools/claims/<int:claim_id>/grant/", views.claim_grant, name="claim-grant"),
    path("pools/claims/<int:claim_id>/decline/", views.claim_decline, name="claim-decline"),
    path("pools/claims/<int:claim_id>/use/", views.claim_use, name="claim-use"),
    path("pools/claims/<int:claim_id>/withdraw/", views.claim_withdraw, name="claim-withdraw"),
    path(
        "pools/swaps/<int:swap_id>/parties/<int:party_id>/apply/",
        views.claim_apply,
        name="apply",
    ),
]
