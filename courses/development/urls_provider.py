"""The implementation follow-up for a provider's staff, on the shared site."""

from django.urls import path

from courses.development import views

app_name = "development_provider"

urlpatterns = [
    path("courses/<int:course_id>/results/", views.provider_results, name="results"),
    path("courses/<int:course_id>/results.csv", views.provider_results_csv, name="results-csv"),
]
