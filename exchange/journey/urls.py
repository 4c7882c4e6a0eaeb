from django.urls import path

from exchange.journey import views

app_name = "journey"

urlpatterns = [
    path(
        "exchange/swaps/<int:swap_id>/journey/<int:party_id>/",
        views.journey_detail,
        name="journey",
    ),
    path(
        "exchange/swaps/<int:swap_id>/journey/<int:party_id>/logbook/<int:entry_id>/",
        views.logbook_entry,
        name="entry",
    ),
    path(
        "exchange/swaps/<int:swap_id>/journey/<int:party_id>/<str:action>/",
        views.journey_action,
        name="journey-action",
    ),
    path("journey/", views.my_journeys, name="mine"),
    path("journey/checklist/", views.checklist_template, name="checklist"),
    path("journey/numbers/", views.numbers, name="numbers"),
    path("journey/numbers.csv", views.numbers, {"fmt": "csv"}, name="numbers-csv"),
    path("journey/numbers.xlsx", views.numbers, {"fmt": "xlsx"}, name="numbers-xlsx"),
    path("journey/networks/<slug:slug>/", views.network_numbers, name="network"),
    path(
        "journey/networks/<slug:slug>/numbers.csv",
        views.network_numbers,
        {"fmt": "csv"},
        name="network-csv",
    ),
    path(
        "journey/networks/<slug:slug>/numbers.xlsx",
        views.network_numbers,
        {"fmt": "xlsx"},
        name="network-xlsx",
    ),
]
