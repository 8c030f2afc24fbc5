"""The 403 and 404 pages: styled like every page, with the menu and a way back.

Set as ``handler403`` and ``handler404`` in the root URLconf. A refused
page says so in the reader's language and offers the page the reader came
from (if it was one of ours) and the start page; it names nothing about
the record refused.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "web/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "web/errors/404.html", status=404)


def _error_page(request: HttpRequest, template: str, *, status: int) -> HttpResponse:
    context = {"back": _came_from(request), "home": reverse("web:home")}
    return render(request, template, context, status=status)


def _came_from(request: HttpRequest) -> str:
    """The page that linked here, if it is one of ours and not this one."""
    referer = request.headers.get("Referer", "")
    ours = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not ours or referer == request.build_absolute_uri():
        return ""
    return referer
