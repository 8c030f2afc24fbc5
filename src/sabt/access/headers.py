"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 sends neither. The policy is one fixed string: pages carry no
inline script, style or event handler, so no nonces are needed and a small
middleware does what django-csp would. ``SECURE_CSP`` has the shape of
Django 6's setting of that name (directive -> sources), so moving to
``django.middleware.csp.ContentSecurityPolicyMiddleware`` later changes no
setting. A view that must answer with another policy sets the header itself;
this middleware then leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy() -> str:
    """The ``Content-Security-Policy`` header value built from ``SECURE_CSP``."""
    policy: dict[str, list[str]] = settings.SECURE_CSP
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in policy.items()
    )


def permissions_policy() -> str:
    """The ``Permissions-Policy`` header value: each feature denied to all."""
    features: list[str] = settings.SABT_DENIED_FEATURES
    return ", ".join(f"{feature}=()" for feature in features)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy()
        )
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        return response
