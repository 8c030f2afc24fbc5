"""``sabt token create USERNAME [--name NAME]``: issue an API bearer token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.access.tokens import issue_token
from sabt.access.two_factor import lacks_required_device


class Command(BaseCommand):
    help = (
        "Issues an API token for an active user: adds one row to the API token "
        "table holding only the token's SHA-256, and prints the token once. "
        "It cannot be shown again. A user who must use two-factor "
        "authentication gets a token only after setting up their device."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="What the token is for, e.g. 'ingest script'."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not user.is_active:
            raise CommandError(f"The account {username!r} is inactive.")
        if lacks_required_device(user):
            raise CommandError(
                f"{username!r} must set up two-factor authentication first: "
                "log in to the web interface once and follow the steps."
            )
        token = issue_token(user=user, name=options["name"])
        self.stdout.write(token)
