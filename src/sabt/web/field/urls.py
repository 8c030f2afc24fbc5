"""The field kit's URLs: its own pages and the language and calendar
switches, nothing else.

Settings make this the root URL conf in a kit home, so none of the
office's pages, which record in clear, can be reached there.
"""

from __future__ import annotations

from django.urls import include, path

from sabt.web.field import views
from sabt.web.views import preferences

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The office's calendar switch: date boxes and dates in the chosen calendar.
    path("calendar/", preferences.set_calendar, name="field-set-calendar"),
    path("", views.home, name="field-home"),
    path("record/<slug:kind>/", views.record, name="field-record"),
]
