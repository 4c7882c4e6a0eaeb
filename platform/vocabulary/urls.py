"""The shared vocabulary's pages on a municipality's site."""

from django.urls import path

from vocabulary import views

app_name = "vocabulary"

urlpatterns = [
    path("vocabulary/competences/", views.competences, name="competences"),
    path("vocabulary/relations/", views.relations, name="relations"),
]
