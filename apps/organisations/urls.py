from __future__ import annotations

from django.urls import path

from apps.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("namnd/<slug:slug>/", views.committee_detail, name="committee"),
    path("publik/<slug:slug>/", views.committee_public, name="committee_public"),
]
