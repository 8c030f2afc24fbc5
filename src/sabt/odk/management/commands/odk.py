"""``sabt odk import PATH --form FORM``: ODK submissions into records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.core.cases import DEFAULT_CASE
from sabt.odk.errors import OdkError
from sabt.odk.importer import (
    ALREADY,
    IMPORTED,
    MAPPINGS,
    REFUSED,
    WOULD_IMPORT,
    import_path,
    summary,
)


class Command(BaseCommand):
    help = (
        "import: reads an ODK Central or KoboToolbox CSV-zip export, or a "
        "folder of submissions as ODK Collect and Briefcase write them "
        "(encrypted ones are opened with the organisation's ODK key, unlocked "
        "with SABT_ORG_PASSPHRASE), and records each submission through the "
        "domain services, all of it or nothing; a submission imported before "
        "is skipped. Prints one line per submission."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--form", required=True, choices=sorted(MAPPINGS))
        parser.add_argument("--case", default=DEFAULT_CASE, help="the case's slug")
        parser.add_argument("--as", dest="username", default="cli", help="who imports")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what each submission would become, and write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model()(username=options["username"])
        try:
            outcomes = import_path(
                options["path"],
                form=options["form"],
                actor=actor,
                case=options["case"],
                dry_run=options["dry_run"],
            )
        except OdkError as exc:
            raise CommandError(f"{exc}; nothing imported") from exc
        for outcome in outcomes:
            line = f"{outcome.instance_id or '(unknown)'}: {outcome.status}"
            if outcome.reason:
                line += f": {outcome.reason}"
            elif outcome.description:
                line += f": {outcome.description}"
            self.stdout.write(line)
        counts = summary(outcomes)
        first = WOULD_IMPORT if options["dry_run"] else IMPORTED
        shown = [first, ALREADY, REFUSED]
        self.stdout.write(", ".join(f"{counts[s]} {s}" for s in shown))
