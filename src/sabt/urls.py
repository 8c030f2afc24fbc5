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
