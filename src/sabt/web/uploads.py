"""Uploads refused over the limit, with a page that says what the limit is.

Files arrive in a temporary file under SABT_HOME (see settings), never in
memory; on a field kit, in memory only, never in a file. A file may be up
to ``SABT_MAX_UPLOAD_BYTES``; the form's other fields may add up to
``DATA_UPLOAD_MAX_MEMORY_SIZE``. A request whose body is larger is answered
with a page saying so, before anything of it is read: no upload handler
runs and nothing is recorded. (waitress, in front, stops reading a body at
``SABT_SERVER_MAX_BODY_BYTES``, twice that, and answers a bare 413.)
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def request_body_limit() -> int:
    """The largest request body sabt reads: a file at the limit, and fields."""
    return int(settings.SABT_MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class UploadLimitMiddleware:
    """Answer a request too large to read with a page, status 413.

    It must come before any middleware that reads the body (CSRF reads the
    form's token in its process_view, which runs after every __call__), and
    after the ones the page needs: sessions, language, the user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _content_length(request) > request_body_limit():
            context: dict[str, object] = {"limit": settings.SABT_MAX_UPLOAD_BYTES}
            if settings.SABT_FIELD_KIT:
                context["base_template"] = "web/field/base.html"
            return render(request, "web/upload_too_large.html", context, status=413)
        return self.get_response(request)


def _content_length(request: HttpRequest) -> int:
    """The body's declared length; 0 when absent or garbled (Django refuses it)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0
