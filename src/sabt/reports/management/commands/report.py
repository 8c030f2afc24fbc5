"""``sabt report``: a PDF or HTML report of incidents, within each source's consent."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.records.consent import AUDIENCES
from sabt.reports.rendering import LANGUAGES
from sabt.reports.selection import ReportError
from sabt.reports.writing import write_report


class Command(BaseCommand):
    help = (
        "Writes a report of incidents (--incident, repeated, or every incident "
        "of --case) for an audience, as PDF or HTML after the --out file's "
        "extension, in English or Dari (--lang). A source is named only if "
        "they consented to be named to that audience, and statements they keep "
        "from it are left out; the annex says what was withheld and why. "
        "Issues a signed checkpoint of the log and records the report in the "
        "read audit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--incident", action="append", default=[])
        parser.add_argument("--case", help="every incident of this case")
        parser.add_argument("--audience", choices=AUDIENCES, required=True)
        parser.add_argument("--lang", choices=LANGUAGES, default="en")
        parser.add_argument(
            "--out", type=Path, required=True, help="FILE.pdf or FILE.html"
        )
        parser.add_argument(
            "--bundle", type=Path, help="the export bundle it goes out with"
        )
        parser.add_argument("--by", default=getpass.getuser(), help="who writes it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = write_report(
                options["incident"],
                case=options["case"],
                audience=options["audience"],
                language=options["lang"],
                to=options["out"],
                written_by=options["by"],
                bundle=options["bundle"],
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"wrote {written.path}: {written.incidents} incidents, quoting "
            f"{written.quoted} statements\n"
            f"report hash {written.report_hash}\n"
            f"file sha256 {written.file_sha256}"
        )
