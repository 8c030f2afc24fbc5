"""``sabt report``: an HTML report of incidents, within each source's consent."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.bundles.report import ReportError, write_report
from sabt.records.consent import AUDIENCES


class Command(BaseCommand):
    help = (
        "Writes an HTML report of the incidents and the statements about them "
        "for an audience: a source is named only if they consented to be named "
        "to it, and statements they keep from it are left out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--incident", action="append", required=True)
        parser.add_argument("--audience", choices=AUDIENCES, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--by", default=getpass.getuser(), help="who writes it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quoted = write_report(
                options["incident"],
                audience=options["audience"],
                to=options["out"],
                written_by=options["by"],
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"wrote {options['out']}, quoting {quoted} statements")
