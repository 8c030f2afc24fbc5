"""Keeps a logged-in user off every page until their account is in order.

``SecondFactorRequiredMiddleware`` sends a user who must use a second factor
to enter a code, or to enrol a device first (``access.two_factor``).
``PasswordChangeRequiredMiddleware`` then sends a user still on a one-time
password to the password-change page. The second factor comes first, so the
password-change page is behind it like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sabt.access.accounts import must_change_password
from sabt.access.two_factor import Step, step_needed

# Pages a user reaches before the second factor: how to give it, how to
# leave, and the language of those pages. Static files never get this far
# (WhiteNoise answers them first) and are let through all the same.
SECOND_FACTOR_EXEMPT_URL_NAMES = (
    "web:login",
    "web:two-factor-verify",
    "web:two-factor-enrol",
    "web:logout",
    "set_language",
)
EXEMPT_URL_NAMES = (
    "web:password-change",
    "web:logout",
    "web:two-factor-verify",
    "web:two-factor-enrol",
)
STEP_URL_NAMES = {
    Step.VERIFY: "web:two-factor-verify",
    Step.ENROL: "web:two-factor-enrol",
}


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _second_factor_exempt(request.path):
            step = step_needed(user)
            if step is not Step.NONE:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(STEP_URL_NAMES[step])}?{query}")
        return self.get_response(request)


def _second_factor_exempt(path: str) -> bool:
    if path.startswith(settings.STATIC_URL or "/static/"):
        return True
    return path in {reverse(name) for name in SECOND_FACTOR_EXEMPT_URL_NAMES}


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and must_change_password(user):
            exempt = {reverse(name) for name in EXEMPT_URL_NAMES}
            if request.path not in exempt:
                return redirect("web:password-change")
        return self.get_response(request)
