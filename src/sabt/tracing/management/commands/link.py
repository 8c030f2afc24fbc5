"""``sabt link``: find the people of one list in another, from CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.tracing.linkage.columns import ListError
from sabt.tracing.linkage.run import link_files
from sabt.tracing.management.linking import add_options, write_report


class Command(BaseCommand):
    help = (
        "Links two lists of people (UTF-8 CSV files, such as tracing requests "
        "and a detainee list) and writes the pairs that are probably the same "
        "person to --out: id_a, id_b, probability, match_weight and each "
        "field's weight. Touches no database row; a bad list writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list_a", type=Path, metavar="LIST_A", help="a CSV list")
        parser.add_argument("list_b", type=Path, metavar="LIST_B", help="a CSV list")
        add_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = link_files(
                options["list_a"],
                options["list_b"],
                out=options["out"],
                threshold=options["threshold"],
                mapping=options["map"],
                as_of=options["as_of"],
            )
        except ListError as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report)
