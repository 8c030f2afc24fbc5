"""The field kit's URLs: its own pages and the language switch, nothing else.

Settings make this the root URL conf in a kit home, so none of the
office's pages, which record in clear, can be reached there.
"""

from __future__ import annotations

from django.urls import include, path

from sabt.web.field import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.home, name="field-home"),
    path("record/<slug:kind>/", views.record, name="field-record"),
]
