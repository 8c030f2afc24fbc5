"""URLs of the ODK import page."""

from __future__ import annotations

from django.urls import path

from sabt.web.views import odk as views

app_name = "odk"
urlpatterns = [
    path("import/", views.import_page, name="import"),
]
