"""API bearer tokens: issued once in clear, kept only as their SHA-256.

A token is 32 random bytes (URL-safe base64) behind a ``sabt_`` prefix, so a
leaked one is easy to recognise in a log or a paste. The database holds only
the SHA-256, so a copy of it lets no one call the API.

A token lives ``DEFAULT_DAYS`` unless issued for longer or shorter, and can
be revoked before that. A revoked token keeps its row (marked, never
deleted), so the API can tell its holder why it stopped working and
``sabt token list`` still shows it.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from sabt.access.models import ApiToken

TOKEN_PREFIX = "sabt_"  # noqa: S105  (a public prefix, not a secret)
# Longer strings are no token of ours; refuse them before hashing.
MAX_TOKEN_LENGTH = 200
# ``last_used`` is kept to this precision, so reading the API does not write
# to the database on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# A leaked token stops working by itself; a script that runs longer gets a
# new one.
DEFAULT_DAYS = 90
MAX_DAYS = 366
NAME_MAX = 100


class State(StrEnum):
    """What a presented token turns out to be."""

    VALID = "valid"
    UNKNOWN = "unknown"  # never issued, or not a token of ours
    INACTIVE = "inactive"  # its user's account is inactive
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Check:
    """The answer to a presented token: its state, and its row if it has one."""

    state: State
    row: ApiToken | None = None

    @property
    def user(self) -> AbstractBaseUser | None:
        """The user the token authenticates: only a valid token has one."""
        if self.state is not State.VALID or self.row is None:
            return None
        user: AbstractBaseUser = self.row.user
        return user


class TokenError(ValueError):
    """A token cannot be issued or revoked as asked; the message says why."""


def token_digest(token: str) -> str:
    """Return the SHA-256 of a token, as stored (lowercase hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    *, user: AbstractBaseUser, name: str = "", days: int = DEFAULT_DAYS
) -> str:
    """Create an API token for ``user`` and return it in clear, this once.

    Without a name the token is called ``token-N``, the first N free, so
    that ``sabt token revoke`` can name it. Raises TokenError for a name
    another live token of the user has, or ``days`` outside 1..MAX_DAYS.
    """
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"A token lives 1 to {MAX_DAYS} days, not {days}.")
    name = name.strip()[:NAME_MAX] or _free_name(user)
    if live_tokens(user).filter(name=name).exists():
        raise TokenError(
            f"{user.get_username()!r} already has a token called {name!r}: "
            "revoke it first, or choose another name."
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    ApiToken.objects.create(
        user_id=user.pk,
        name=name,
        token_sha256=token_digest(token),
        created=now,
        expires=now + datetime.timedelta(days=days),
    )
    return token


def live_tokens(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """The user's tokens that are neither revoked nor expired."""
    return ApiToken.objects.filter(
        user_id=user.pk, revoked__isnull=True, expires__gt=timezone.now()
    )


def revoke_tokens(*, user: AbstractBaseUser, name: str) -> int:
    """Revoke the user's live tokens called ``name``; return how many.

    Raises TokenError if there is none (an unknown name, or one already
    revoked or expired).
    """
    revoked = live_tokens(user).filter(name=name).update(revoked=timezone.now())
    if not revoked:
        raise TokenError(
            f"{user.get_username()!r} has no live token called {name!r} "
            "(see sabt token list)."
        )
    return revoked


def check_token(token: str) -> Check:
    """Look a presented token up; note when it is used, if it is valid."""
    found = _row_of(token)
    if found is None:
        return Check(State.UNKNOWN)
    now = timezone.now()
    if not found.user.is_active:
        state = State.INACTIVE
    elif found.revoked is not None:
        state = State.REVOKED
    elif found.expires <= now:
        state = State.EXPIRED
    else:
        state = State.VALID
        if found.last_used is None or now - found.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
    return Check(state, found)


def authenticate_token(token: str) -> AbstractBaseUser | None:
    """Return the active user a valid bearer token belongs to, or None.

    An unknown, expired or revoked token, or one of an inactive user,
    authenticates no one.
    """
    return check_token(token).user


def _row_of(token: str) -> ApiToken | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        digest = token_digest(token)
    except UnicodeEncodeError:
        return None
    return ApiToken.objects.select_related("user").filter(token_sha256=digest).first()


def _free_name(user: AbstractBaseUser) -> str:
    taken = set(ApiToken.objects.filter(user_id=user.pk).values_list("name", flat=True))
    number = 1
    while f"token-{number}" in taken:
        number += 1
    return f"token-{number}"
