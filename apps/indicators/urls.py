from __future__ import annotations

from django.urls import path

from apps.indicators import views

app_name = "indicators"

urlpatterns = [
    path("namnd/<slug:slug>/uppfoljning/", views.follow_up, name="follow_up_current"),
    path("namnd/<slug:slug>/uppfoljning/<str:period>/", views.follow_up, name="follow_up"),
    path(
        "namnd/<slug:slug>/uppfoljning/<str:period>/oppna-igen/",
        views.reopen,
        name="follow_up_reopen",
    ),
    path(
        "namnd/<slug:slug>/uppfoljning/<str:period>/publicera/",
        views.publish,
        name="follow_up_publish",
    ),
]
