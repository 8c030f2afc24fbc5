"""The reader's calendar: kept in a cookie, as Django keeps the language, and
activated for each request (sabt.web.dates writes every date in it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sabt.web.dates import activate_calendar, reset_calendar

COOKIE = "sabt_calendar"
# A year: the choice is a habit of the reader, not of one session.
COOKIE_AGE = 365 * 24 * 3600


class CalendarMiddleware:
    """Activate the calendar the reader chose, for the length of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = activate_calendar(request.COOKIES.get(COOKIE))
        try:
            return self.get_response(request)
        finally:
            reset_calendar(token)
