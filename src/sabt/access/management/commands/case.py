"""``sabt case add SLUG NAME`` and ``sabt case list``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.access.membership import create_case
from sabt.core.cases import Case


class Command(BaseCommand):
    help = (
        "add: creates a case (one row in the case table) that records and "
        "members can then belong to; list: prints every case and its members."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add", "list"])
        parser.add_argument("slug", nargs="?")
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--description", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for case in Case.objects.prefetch_related("members__user"):
                members = ", ".join(
                    f"{m.user.get_username()} ({m.role})" for m in case.members.all()
                )
                self.stdout.write(
                    f"{case.slug}: {case.name} — {members or 'no members'}"
                )
            return
        if not options["slug"]:
            raise CommandError("sabt case add needs a SLUG and a NAME.")
        try:
            case = create_case(
                slug=options["slug"],
                name=options["name"],
                description=options["description"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Created case {case.slug}: {case.name}.")
