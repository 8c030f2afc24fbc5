"""``sabt totp reset USERNAME``: remove a user's second-factor devices."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.access.two_factor import remove_devices


class Command(BaseCommand):
    help = (
        "Removes every TOTP device of USERNAME (rows of django-otp's TOTP "
        "device table), for a lost or replaced phone. Sessions verified with "
        "one must verify again; at the next login the user sets up a new app "
        "(or, if their role does not require one, may go without)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reset"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        count = remove_devices(user)
        self.stdout.write(f"Removed {count} second-factor device(s) of {username}.")
