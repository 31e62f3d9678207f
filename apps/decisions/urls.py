from __future__ import annotations

from django.urls import path

from apps.decisions import views

app_name = "decisions"
PREFIX = "namnd/<slug:slug>/ej-verkstallda/"

urlpatterns = [
    path(PREFIX, views.dashboard, name="dashboard"),
    path(PREFIX + "register/", views.register, name="register"),
    path(PREFIX + "beslut/ny/", views.decision_edit, name="new"),
    path(PREFIX + "beslut/<int:pk>/", views.decision_edit, name="edit"),
    path(PREFIX + "beslut/<int:pk>/ta-bort/", views.decision_remove, name="delete"),
    path(PREFIX + "importera/", views.upload, name="upload"),
    path(PREFIX + "rapport/<str:kind>/", views.output, name="output"),
    path(PREFIX + "rapport/ivo/rapporterade/", views.mark_sent, name="mark_sent"),
    path(PREFIX + "rapport/ivo/skickad/", views.quarter_sent, name="quarter_sent"),
    path(PREFIX + "rapport/ivo/angra-skickad/", views.quarter_unsent, name="quarter_unsent"),
]
