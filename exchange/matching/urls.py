"""Matching on a municipality's site: an employee's proposals and answers,
HR's runs."""

from django.urls import path

from exchange.matching import views

app_name = "matching"

urlpatterns = [
    path("exchange/proposals/", views.my_proposals, name="proposals"),
    path("exchange/proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path(
        "exchange/proposals/<int:proposal_id>/accept/",
        views.proposal_accept,
        name="proposal-accept",
    ),
    path(
        "exchange/proposals/<int:proposal_id>/decline/",
        views.proposal_decline,
        name="proposal-decline",
    ),
    path("exchange/matching/", views.matching_overview, name="overview"),
    path("exchange/matching/runs/<int:run_id>/", views.run_status, name="run-status"),
]
