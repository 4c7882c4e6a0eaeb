from django.urls import path

from exchange.alerts import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.saved_searches, name="saved-searches"),
    path("alerts/new/", views.saved_search_new, name="new"),
    path("alerts/<int:search_id>/delete/", views.saved_search_delete, name="delete"),
    path("alerts/unsubscribe/<uuid:token>/", views.unsubscribe, name="unsubscribe"),
]
