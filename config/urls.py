from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.core.views import health

handler500 = "apps.core.views.server_error"

admin.site.site_header = "Nämndkollen – administration"
admin.site.site_title = "Nämndkollen"
admin.site.index_title = "Administration"

urlpatterns = [
    path("health/", health, name="health"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("apps.organisations.urls")),
    path("", include("apps.imports.urls")),
    path("", include("apps.indicators.urls")),
    path("", include("apps.budget.urls")),
    path("", include("apps.decisions.urls")),
    path("", include("apps.dashboards.urls")),
]
