"""Bearer-token authentication, and the user a request acts for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from sabt.access.tokens import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, issued by ``sabt token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        return authenticate_token(token)


def requester(request: HttpRequest) -> AbstractBaseUser:
    """Return the user whose token authenticated the request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, AbstractBaseUser):
        raise AuthenticationError
    return user
