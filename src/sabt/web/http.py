"""A request type for views behind ``login_required``."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """What ``login_required`` guarantees: ``request.user`` is a real user."""

    user: User
