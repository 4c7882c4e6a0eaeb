"""Start pages on the shared site."""

from django.urls import path

from home import views

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("home/", views.start, name="home"),
]
