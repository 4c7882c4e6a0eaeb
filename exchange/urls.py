from django.urls import path

from exchange import views, views_matching

app_name = "exchange"

urlpatterns = [
    path("exchange/openings/", views.opening_list, name="openings"),
    path("exchange/openings/<int:opening_id>/", views.opening_detail, name="opening"),
    path("exchange/my-openings/", views.manage_list, name="manage"),
    path("exchange/my-openings/new/", views.opening_new, name="opening-new"),
    path("exchange/openings/<int:opening_id>/edit/", views.opening_edit, name="opening-edit"),
    path("exchange/openings/<int:opening_id>/apply/", views.opening_apply, name="apply"),
    path(
        "exchange/applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "exchange/applications/<int:application_id>/<str:decision>/",
        views.application_decide,
        name="application-decide",
    ),
    path("exchange/my-swaps/", views.my_swaps, name="my-swaps"),
    path("exchange/competences/", views.competences, name="competences"),
    path("exchange/settings/", views.exchange_settings, name="settings"),
    path("exchange/requests/", views.request_list, name="requests"),
    path("exchange/requests/<int:request_id>/", views.request_detail, name="request"),
    path(
        "exchange/requests/<int:request_id>/<str:action>/",
        views.request_action,
        name="request-action",
    ),
    path("exchange/my-requests/", views.my_requests, name="my-requests"),
    path("exchange/my-requests/new/", views.request_new, name="request-new"),
    path("exchange/proposals/", views_matching.my_proposals, name="proposals"),
    path("exchange/proposals/<int:proposal_id>/", views_matching.proposal_detail, name="proposal"),
    path(
        "exchange/proposals/<int:proposal_id>/answer/",
        views_matching.proposal_answer,
        name="proposal-answer",
    ),
    path("exchange/matching/", views_matching.matching_overview, name="matching"),
    path("exchange/matching/runs/<int:run_id>/", views_matching.run_status, name="run-status"),
    path("exchange/matching/relations/", views_matching.relations, name="relations"),
    path("exchange/swaps/<int:swap_id>/", views.swap_detail, name="swap"),
    path("exchange/swaps/<int:swap_id>/agreement.pdf", views.swap_agreement_pdf, name="swap-pdf"),
    path("exchange/swaps/<int:swap_id>/period.ics", views.swap_period_ics, name="swap-ics"),
    path("exchange/swaps/<int:swap_id>/<str:action>/", views.swap_action, name="swap-action"),
    path(
        "exchange/openings/<int:opening_id>/<str:action>/",
        views.opening_action,
        name="opening-action",
    ),
]
