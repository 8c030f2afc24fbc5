"""API bearer tokens: issued once in clear, kept only as their SHA-256.

A token is 32 random bytes (URL-safe base64) behind a ``sabt_`` prefix, so a
leaked one is easy to recognise in a log or a paste. The database holds only
the SHA-256, so a copy of it lets no one call the API.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from sabt.access.models import ApiToken

TOKEN_PREFIX = "sabt_"  # noqa: S105  (a public prefix, not a secret)
# Longer strings are no token of ours; refuse them before hashing.
MAX_TOKEN_LENGTH = 200
# ``last_used`` is kept to this precision, so reading the API does not write
# to the database on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def token_digest(token: str) -> str:
    """Return the SHA-256 of a token, as stored (lowercase hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, user: AbstractBaseUser, name: str = "") -> str:
    """Create an API token for ``user`` and return it in clear, this once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user_id=user.pk,
        name=name.strip()[:100],
        token_sha256=token_digest(token),
        created=timezone.now(),
    )
    return token


def authenticate_token(token: str) -> AbstractBaseUser | None:
    """Return the active user a bearer token belongs to, or None.

    An unknown token, or one of an inactive user, authenticates no one.
    """
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        digest = token_digest(token)
    except UnicodeEncodeError:
        return None
    found = ApiToken.objects.select_related("user").filter(token_sha256=digest).first()
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used is None or now - found.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used=now)
    return found.user
