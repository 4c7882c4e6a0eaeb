"""Joint courses for a provider's staff, on the shared site. (The results
per municipality are in courses.development.urls_provider.)"""

from django.urls import path

from courses import views_provider as views

app_name = "provider"

urlpatterns = [
    path("courses/", views.course_list, name="courses"),
    path("courses/new/", views.course_edit, name="course-new"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:course_id>/publish/", views.course_publish, name="course-publish"),
    path("courses/<int:course_id>/close/", views.course_close, name="course-close"),
    path("courses/<int:course_id>/module/", views.module_add, name="module-add"),
    path("courses/<int:course_id>/remove-module/", views.module_remove, name="module-remove"),
    path("courses/cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("courses/cohorts/<int:cohort_id>/calendar.ics", views.cohort_calendar, name="cohort-ics"),
    path("courses/cohorts/<int:cohort_id>/dates/", views.cohort_dates, name="cohort-dates"),
    path(
        "courses/cohorts/<int:cohort_id>/attendance/",
        views.cohort_attendance,
        name="cohort-attendance",
    ),
    path(
        "courses/cohorts/<int:cohort_id>/assignment/",
        views.assignment_create,
        name="assignment-create",
    ),
    path(
        "courses/cohorts/<int:cohort_id>/review/", views.submission_review, name="submission-review"
    ),
    path("courses/cohorts/<int:cohort_id>/cancel/", views.cohort_cancel, name="cohort-cancel"),
]
