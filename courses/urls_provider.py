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
    path("courses/<int:course_id>/<str:action>/", views.course_action, name="course-action"),
    path("courses/cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("courses/cohorts/<int:cohort_id>/calendar.ics", views.cohort_calendar, name="cohort-ics"),
    path(
        "courses/cohorts/<int:cohort_id>/<str:action>/", views.cohort_action, name="cohort-action"
    ),
]
