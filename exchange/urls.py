from django.urls import path

from exchange.views import applications, openings, requests, swaps

app_name = "exchange"

urlpatterns = [
    # Openings
    path("exchange/openings/", openings.opening_list, name="openings"),
    path("exchange/openings/<int:opening_id>/", openings.opening_detail, name="opening"),
    path("exchange/my-openings/", openings.manage_list, name="manage"),
    path("exchange/my-openings/new/", openings.opening_new, name="opening-new"),
    path("exchange/openings/<int:opening_id>/edit/", openings.opening_edit, name="opening-edit"),
    path(
        "exchange/openings/<int:opening_id>/publish/",
        openings.opening_publish,
        name="opening-publish",
    ),
    path(
        "exchange/openings/<int:opening_id>/withdraw/",
        openings.opening_withdraw,
        name="opening-withdraw",
    ),
    path("exchange/openings/<int:opening_id>/renew/", openings.opening_renew, name="opening-renew"),
    # Applications
    path("exchange/openings/<int:opening_id>/apply/", applications.opening_apply, name="apply"),
    path(
        "exchange/applications/<int:application_id>/accept/",
        applications.application_accept,
        name="application-accept",
    ),
    path(
        "exchange/applications/<int:application_id>/decline/",
        applications.application_decline,
        name="application-decline",
    ),
    path(
        "exchange/applications/<int:application_id>/withdraw/",
        applications.application_withdraw,
        name="application-withdraw",
    ),
    # Swaps (approvals add approve/, decline/ and med/ — exchange.approvals.urls)
    path("exchange/my-swaps/", swaps.my_swaps, name="my-swaps"),
    path("exchange/swaps/<int:swap_id>/", swaps.swap_detail, name="swap"),
    path(
        "exchange/swaps/<int:swap_id>/involve-leader/",
        swaps.swap_involve_leader,
        name="swap-involve-leader",
    ),
    path("exchange/swaps/<int:swap_id>/accept/", swaps.agreement_accept, name="agreement-accept"),
    path("exchange/swaps/<int:swap_id>/change/", swaps.agreement_change, name="agreement-change"),
    path("exchange/swaps/<int:swap_id>/cancel/", swaps.swap_cancel, name="swap-cancel"),
    path("exchange/swaps/<int:swap_id>/message/", swaps.message_post, name="swap-message"),
    path("exchange/swaps/<int:swap_id>/agreement.pdf", swaps.swap_agreement_pdf, name="swap-pdf"),
    path("exchange/swaps/<int:swap_id>/period.ics", swaps.swap_period_ics, name="swap-ics"),
    # Swap requests
    path("exchange/requests/", requests.request_list, name="requests"),
    path("exchange/requests/<int:request_id>/", requests.request_detail, name="request"),
    path(
        "exchange/requests/<int:request_id>/withdraw/",
        requests.request_withdraw,
        name="request-withdraw",
    ),
    path(
        "exchange/requests/<int:request_id>/interest/",
        requests.interest_express,
        name="request-interest",
    ),
    path("exchange/my-requests/", requests.my_requests, name="my-requests"),
    path("exchange/my-requests/new/", requests.request_new, name="request-new"),
]
