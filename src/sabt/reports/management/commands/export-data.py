"""``sabt export-data``: incidents as HXL-tagged CSV or ACLED CSV, within consent."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.records.consent import AUDIENCES
from sabt.reports.exporting import WRITERS, export_data
from sabt.reports.selection import ReportError


class Command(BaseCommand):
    help = (
        "Writes the incidents of a case (--case) or those named (--incident) "
        "as a CSV file: HXL-tagged (--format hxl) or in ACLED's 31 columns "
        "(--format acled), one row per place. Only what the audience may see "
        "goes: sources are named or pseudonymous by their consent, and "
        "statements they keep from it are not counted as sources. Recorded in "
        "the read audit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(WRITERS), required=True)
        parser.add_argument("--case", help="every incident of this case")
        parser.add_argument("--incident", action="append", default=[])
        parser.add_argument("--audience", choices=AUDIENCES, required=True)
        parser.add_argument("--out", type=Path, required=True, help="FILE.csv")
        parser.add_argument("--by", default=getpass.getuser(), help="who exports")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = export_data(
                options["incident"],
                case=options["case"],
                data_format=options["format"],
                audience=options["audience"],
                to=options["out"],
                written_by=options["by"],
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"wrote {written.path}: {written.incidents} incidents in "
            f"{written.rows} rows\nfile sha256 {written.file_sha256}"
        )
