"""An idle timeout that writes the session at most once a minute.

A session ends ``SESSION_COOKIE_AGE`` seconds after its user's last request.
Django's way, saving the session on every request, writes its row on every
page read: under a few readers that is a write per read, queued behind the
one writer SQLite allows. Here a request moves the expiry on only when the
last move is more than ``REFRESH_SECONDS`` old, so a session may end up to a
minute before a full idle period has passed, never later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Where the session keeps when its expiry was last moved on (epoch seconds).
REFRESHED_KEY = "sabt_refreshed_at"
REFRESH_SECONDS = 60


class IdleSessionMiddleware:
    """Moves a live session's expiry on, once a minute at most.

    Placed after Django's SessionMiddleware, so that a session changed here
    is saved (and its expiry set anew) as the response leaves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        refreshed = session.get(REFRESHED_KEY)
        # No session yet (a visitor), or one just ended by logging out.
        if session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        if not isinstance(refreshed, int) or now - refreshed > REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response
