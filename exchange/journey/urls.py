"""The journey's pages, on each participant's own site. One URL and one view
per behaviour; every write on a journey is a POST under the journey's own
address and answers with a redirect back to it."""

from django.urls import include, path

from exchange.journey import views

app_name = "journey"

# Under exchange/swaps/<swap_id>/journey/<party_id>/.
journey_patterns = [
    path("", views.journey_detail, name="journey"),
    path("coach/", views.coach_assign, name="coach-assign"),
    path(
        "checklist/<int:item_id>/done/",
        views.checklist_item_tick_off,
        name="checklist-item-done",
    ),
    path("contacts/", views.network_contact_add, name="contact-add"),
    path("cadence/", views.logbook_cadence_set, name="cadence"),
    path("logbook/", views.logbook_entry_add, name="entry-add"),
    path("logbook/<int:entry_id>/", views.logbook_entry, name="entry"),
    path("logbook/<int:entry_id>/share/", views.logbook_entry_share, name="entry-share"),
    path("coach-talks/", views.coach_talk_record, name="coach-talk-add"),
    path("evaluations/", views.goal_evaluation_save, name="evaluation"),
    path("sharing/", views.sharing_activity_plan, name="sharing-add"),
    path(
        "sharing/<int:activity_id>/done/",
        views.sharing_activity_mark_done,
        name="sharing-done",
    ),
    path("ideas/", views.idea_add, name="idea-add"),
    path("ideas/<int:idea_id>/follow-up/", views.idea_follow_up, name="idea-follow-up"),
]

urlpatterns = [
    path("exchange/swaps/<int:swap_id>/journey/<int:party_id>/", include(journey_patterns)),
    path("journey/", views.my_journeys, name="mine"),
    path("journey/checklist/", views.checklist_template, name="checklist"),
    path(
        "journey/checklist/items/",
        views.checklist_template_item_add,
        name="checklist-template-add",
    ),
    path(
        "journey/checklist/items/<int:item_id>/remove/",
        views.checklist_template_item_remove,
        name="checklist-template-remove",
    ),
    path("journey/numbers/", views.numbers, name="numbers"),
    path("journey/numbers/target/", views.target_set, name="target"),
    path("journey/numbers.csv", views.numbers_csv, name="numbers-csv"),
    path("journey/numbers.xlsx", views.numbers_xlsx, name="numbers-xlsx"),
    path("journey/networks/<slug:slug>/", views.network_numbers, name="network"),
    path(
        "journey/networks/<slug:slug>/numbers.csv",
        views.network_numbers_csv,
        name="network-csv",
    ),
    path(
        "journey/networks/<slug:slug>/numbers.xlsx",
        views.network_numbers_xlsx,
        name="network-xlsx",
    ),
]
