"""``sabt dedupe``: find the people listed twice in one list, from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.tracing.linkage.columns import ListError
from sabt.tracing.linkage.run import dedupe_files
from sabt.tracing.management.linking import add_options, write_report


class Command(BaseCommand):
    help = (
        "Finds the rows of one list of people (a UTF-8 CSV file) that are "
        "probably the same person and writes them as pairs to --out: id_a, "
        "id_b, probability, match_weight and each field's weight. Touches no "
        "database row; a bad list writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", type=Path, metavar="LIST", help="a CSV list")
        add_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = dedupe_files(
                options["list"],
                out=options["out"],
                threshold=options["threshold"],
                mapping=options["map"],
                as_of=options["as_of"],
            )
        except ListError as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report)
