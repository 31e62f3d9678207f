from __future__ import annotations

from django.urls import path

from apps.dashboards import views as dashboard_views
from apps.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("namnd/<slug:slug>/", dashboard_views.overview, name="committee"),
    path("publik/<slug:slug>/", dashboard_views.overview_public, name="committee_public"),
]
