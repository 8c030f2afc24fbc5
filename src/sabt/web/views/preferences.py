"""The reader's own settings: which calendar dates are written in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sabt.web.calendar_choice import COOKIE, COOKIE_AGE
from sabt.web.dates import CALENDARS


@require_POST
def set_calendar(request: HttpRequest) -> HttpResponse:
    """Keep the chosen calendar in a cookie and go back to the page."""
    calendar = request.POST.get("calendar", "")
    if calendar not in CALENDARS:
        return HttpResponseBadRequest(_("Unknown calendar."))
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # "/": the home page of the office, or of a field kit (sabt.web.field).
    response = redirect(back if safe else "/")
    response.set_cookie(
        COOKIE, calendar, max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure()
    )
    return response
