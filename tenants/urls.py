from django.urls import path

from tenants import views

urlpatterns = [
    path("", views.public_home, name="public-home"),
]
