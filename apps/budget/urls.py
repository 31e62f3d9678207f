from __future__ import annotations

from django.urls import path

from apps.budget import views

app_name = "budget"

urlpatterns = [
    path("namnd/<slug:slug>/budget/", views.budget_page, name="overview"),
    path("namnd/<slug:slug>/budget/importera/", views.ledger_upload, name="upload"),
    path(
        "namnd/<slug:slug>/budget/investeringar/importera/",
        views.investments_upload,
        name="investments_upload",
    ),
]
