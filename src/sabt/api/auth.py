"""Bearer-token authentication, and the user a request acts for.

A bearer token cannot carry a second-factor code on every request, so the
second factor is asked for when a token is issued, not when it is used:
``sabt token create`` (an administrator, on the server) refuses a user who
must have a confirmed TOTP device and has none, and a token of such a user
(say, one whose role grew after the token was issued) is refused here with
403 until they set up the device at the web login.

An expired or revoked token gets 401 saying so, so its holder knows to ask
for a new one rather than suspect their script.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from sabt.access.tokens import State, check_token
from sabt.access.two_factor import lacks_required_device


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, issued by ``sabt token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        check = check_token(token)
        if check.state is State.EXPIRED and check.row is not None:
            raise HttpError(
                401,
                _(
                    "This API token expired on %(day)s: ask an administrator "
                    "for a new one."
                )
                % {"day": check.row.expires.date().isoformat()},
            )
        if check.state is State.REVOKED:
            raise HttpError(
                401,
                _("This API token was revoked: ask an administrator for a new one."),
            )
        user = check.user
        if user is not None and lacks_required_device(user):
            raise HttpError(
                403,
                _(
                    "This account must set up two-factor authentication before "
                    "its API tokens work: log in to the web interface once and "
                    "follow the steps."
                ),
            )
        return user


def requester(request: HttpRequest) -> AbstractBaseUser:
    """Return the user whose token authenticated the request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, AbstractBaseUser):
        raise AuthenticationError
    return user
