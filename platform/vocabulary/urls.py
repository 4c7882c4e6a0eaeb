"""The shared vocabulary's pages on a municipality's site."""

from django.urls import path
from django.views.generic import RedirectView

from vocabulary import views

app_name = "vocabulary"

urlpatterns = [
    path("vocabulary/competences/", views.competences, name="competences"),
    path("vocabulary/relations/", views.relations, name="relations"),
    # Where the pages were before issue 11 re-homed them: bookmarks keep working.
    path(
        "exchange/competences/",
        RedirectView.as_view(
            pattern_name="vocabulary:competences", permanent=True, query_string=True
        ),
    ),
    path(
        "exchange/matching/relations/",
        RedirectView.as_view(
            pattern_name="vocabulary:relations", permanent=True, query_string=True
        ),
    ),
]
