"""``sabt token create|list|revoke``: API bearer tokens of accounts."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sabt.access.models import ApiToken
from sabt.access.tokens import (
    DEFAULT_DAYS,
    TokenError,
    issue_token,
    revoke_tokens,
)
from sabt.access.two_factor import lacks_required_device

COLUMNS = ("USER", "NAME", "CREATED", "EXPIRES", "LAST USED", "STATE")


class Command(BaseCommand):
    help = (
        "create USERNAME [--name NAME] [--days N]: issues an API token for an "
        "active user, valid N days (default "
        f"{DEFAULT_DAYS}); adds one row holding only the token's SHA-256 and "
        "prints the token once: it cannot be shown again. A user who must use "
        "two-factor authentication gets a token only after setting up their "
        "device. list [USERNAME]: prints each token's user, name, creation, "
        "expiry, last use and state, never the token. revoke USERNAME NAME: "
        "the token stops working at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("token_name", nargs="?", metavar="NAME")
        parser.add_argument(
            "--name",
            default="",
            help="what a new token is for, e.g. 'ingest script' "
            "(default: token-1, token-2...)",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"how long a new token works (default {DEFAULT_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action, username = options["action"], options["username"]
        if action == "list":
            self._list(username)
            return
        if not username:
            raise CommandError(f"sabt token {action} needs a USERNAME.")
        user = _user(username)
        try:
            if action == "create":
                self._create(user, options["name"], options["days"])
            else:
                name = options["token_name"]
                if name is None:
                    raise CommandError("sabt token revoke needs USERNAME NAME.")
                count = revoke_tokens(user=user, name=name)
                self.stdout.write(
                    f"Revoked {count} token{'s' if count > 1 else ''} "
                    f"called {name!r} of {username}."
                )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc

    def _create(self, user: AbstractBaseUser, name: str, days: int) -> None:
        username = user.get_username()
        if not user.is_active:
            raise CommandError(f"The account {username!r} is inactive.")
        if lacks_required_device(user):
            raise CommandError(
                f"{username!r} must set up two-factor authentication first: "
                "log in to the web interface once and follow the steps."
            )
        self.stdout.write(issue_token(user=user, name=name, days=days))

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by(
            "user__username", "created", "pk"
        )
        if username:
            tokens = tokens.filter(user_id=_user(username).pk)
        now = timezone.now()
        rows = [
            (
                token.user.get_username(),
                token.name or "''",
                _when(token.created),
                _when(token.expires),
                _when(token.last_used) if token.last_used else "never",
                _state(token, now),
            )
            for token in tokens
        ]
        if not rows:
            self.stdout.write("No API tokens.")
            return
        widths = [max(len(row[i]) for row in [COLUMNS, *rows]) for i in range(6)]
        for row in [COLUMNS, *rows]:
            cells = zip(row, widths, strict=True)
            line = "  ".join(cell.ljust(width) for cell, width in cells)
            self.stdout.write(line.rstrip())


def _user(username: str) -> AbstractBaseUser:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user called {username!r}.")
    return user


def _when(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _state(token: ApiToken, now: datetime.datetime) -> str:
    if token.revoked is not None:
        return f"revoked {_when(token.revoked)}"
    if token.expires <= now:
        return "expired"
    if not token.user.is_active:
        return "account inactive"
    return "valid"
