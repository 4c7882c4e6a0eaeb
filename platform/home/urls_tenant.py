"""The start page on a municipality's site."""

from django.urls import path

from home import views

urlpatterns = [
    path("", views.start, name="home"),
]
