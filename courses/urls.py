"""Joint courses on a municipality's site. (The follow-up's pages under
courses/ — check-ins, support tasks, notes, results — are in
courses.development.urls.)"""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("courses/", views.catalogue, name="catalogue"),
    path("courses/my/", views.my_courses, name="my"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/nominate/", views.course_nominate, name="nominate"),
    path("courses/<int:course_id>/ask/", views.course_request, name="ask"),
    path("courses/nominations/<int:nomination_id>/", views.nomination_detail, name="nomination"),
    path(
        "courses/nominations/<int:nomination_id>/accept/",
        views.nomination_accept,
        name="nomination-accept",
    ),
    path(
        "courses/nominations/<int:nomination_id>/approve/",
        views.nomination_approve,
        name="nomination-approve",
    ),
    path(
        "courses/nominations/<int:nomination_id>/decline/",
        views.nomination_decline,
        name="nomination-decline",
    ),
    path(
        "courses/nominations/<int:nomination_id>/cancel/",
        views.nomination_cancel,
        name="nomination-cancel",
    ),
    path(
        "courses/nominations/<int:nomination_id>/submit/",
        views.assignment_submit,
        name="nomination-submit",
    ),
    path("courses/cohorts/<int:cohort_id>/calendar.ics", views.cohort_calendar, name="cohort-ics"),
    path("courses/feed/<str:token>.ics", views.participant_feed, name="feed"),
    path("courses/feed/renew/", views.feed_renew, name="feed_renew"),
]
