"""``sabt user add|grant|revoke|list``: accounts and their roles in cases."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.access.membership import DEFAULT_CASE, add_user, grant, revoke
from sabt.access.models import Membership
from sabt.access.policy import Role


class Command(BaseCommand):
    help = (
        "add: creates an account (user, account and membership rows) holding "
        "ROLE in CASE and prints its one-time password once; grant: gives an "
        "existing user ROLE in CASE; revoke: removes the user from CASE; list: "
        "prints every user with their roles. Roles: " + ", ".join(Role) + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add", "grant", "revoke", "list"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("--role", default=Role.VIEWER)
        parser.add_argument("--case", default=DEFAULT_CASE)

    def handle(self, *args: Any, **options: Any) -> None:
        action, username = options["action"], options["username"]
        if action == "list":
            self._list()
            return
        if not username:
            raise CommandError(f"sabt user {action} needs a USERNAME.")
        try:
            if action == "add":
                _user, password = add_user(
                    username=username, role=options["role"], case=options["case"]
                )
                self.stdout.write(
                    f"Created {username} ({options['role']} in {options['case']}). "
                    f"One-time password, shown once: {password}"
                )
                return
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user called {username!r}.")
            if action == "grant":
                grant(user=user, role=options["role"], case=options["case"])
                self.stdout.write(
                    f"{username} is {options['role']} in {options['case']}."
                )
            elif revoke(user=user, case=options["case"]):
                self.stdout.write(f"{username} is no longer in {options['case']}.")
            else:
                raise CommandError(f"{username} is not in {options['case']}.")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

    def _list(self) -> None:
        for user in get_user_model().objects.order_by("username"):
            if user.is_superuser:
                roles = "admin"
            else:
                held = Membership.objects.filter(user=user).order_by("case_id")
                roles = ", ".join(f"{m.role} in {m.case_id}" for m in held) or "none"
            state = "" if user.is_active else " (inactive)"
            self.stdout.write(f"{user.username}{state}: {roles}")
