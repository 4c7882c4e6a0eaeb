"""The implementation follow-up on a municipality's site (under the courses'
paths, where its pages have always been)."""

from django.urls import path

from courses.development import views

app_name = "development"

urlpatterns = [
    path("courses/results/", views.results, name="results"),
    path("courses/results.csv", views.results_csv, name="results-csv"),
    path("courses/checkins/<int:checkin_id>/", views.checkin, name="checkin"),
    path("courses/tasks/<int:task_id>/done/", views.support_task_done, name="task-done"),
    path("courses/nominations/<int:nomination_id>/note/", views.note_add, name="note-add"),
    path("courses/nominations/<int:nomination_id>/task/", views.task_add, name="task-add"),
]
