"""Sends a user still on a one-time password to the password-change page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sabt.access.accounts import must_change_password

EXEMPT_URL_NAMES = ("web:password-change", "web:logout")


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
