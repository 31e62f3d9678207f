from __future__ import annotations

from django.urls import path

from apps.dashboards import report_views, views

app_name = "dashboards"

urlpatterns = [
    path("namnd/<slug:slug>/nyckeltal/", views.indicator_list, name="indicator_list"),
    path("namnd/<slug:slug>/nyckeltal/<str:code>/", views.indicator, name="indicator"),
    path("namnd/<slug:slug>/jamforelse/", views.comparison, name="comparison"),
    path("namnd/<slug:slug>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("namnd/<slug:slug>/rapport/", report_views.report, name="report"),
    path(
        "namnd/<slug:slug>/rapport/<str:period>/",
        report_views.report_status,
        name="report_status",
    ),
    path(
        "namnd/<slug:slug>/rapport/<str:period>/fil/", report_views.report_file, name="report_file"
    ),
    path(
        "publik/<slug:slug>/nyckeltal/",
        views.indicator_list_public,
        name="public_indicator_list",
    ),
    path(
        "publik/<slug:slug>/nyckeltal/<str:code>/",
        views.indicator_public,
        name="public_indicator",
    ),
    path("publik/<slug:slug>/jamforelse/", views.comparison_public, name="public_comparison"),
]
