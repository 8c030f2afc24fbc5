"""Root URL configuration."""

from __future__ import annotations

from django.urls import include, path

from sabt.api.main import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("odk/", include("sabt.web.odk_urls")),
    path("", include("sabt.web.urls")),
]

# Styled pages with the menu and a way back (sabt.web.views.errors).
handler403 = "sabt.web.views.errors.permission_denied"
handler404 = "sabt.web.views.errors.page_not_found"
