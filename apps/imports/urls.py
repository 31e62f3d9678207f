from __future__ import annotations

from django.urls import path

from apps.imports import views

app_name = "imports"

urlpatterns = [
    path("namnd/<slug:slug>/importer/", views.import_list, name="list"),
    path("namnd/<slug:slug>/importer/kolada/", views.import_start, name="start"),
    path("namnd/<slug:slug>/importer/<int:run_id>/", views.import_detail, name="detail"),
    path("namnd/<slug:slug>/importer/<int:run_id>/status/", views.import_status, name="status"),
]
