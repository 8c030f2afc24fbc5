"""``sabt estimate TABLE.csv``: multiple-systems estimate of a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.analysis.mse.run import METHODS, estimate
from sabt.analysis.mse.table import TableError, read_table


class Command(BaseCommand):
    help = (
        "Reads a capture-history table (one 0/1 column per list and a count "
        "column) and estimates how many people no list recorded. Reads no "
        "database rows and writes none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", help="CSV file: 0/1 list columns and count")
        parser.add_argument("--method", choices=METHODS, default="loglinear")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["table"])
        try:
            table = read_table(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        except TableError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        try:
            summary = estimate(table, options["method"], seed=options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary, sort_keys=True))
            return
        method, observed = summary["method"], summary["observed"]
        point = round(summary["estimate"])
        lower, upper = round(summary["lower"]), round(summary["upper"])
        self.stdout.write(
            f"{method}: {observed} observed, estimate {point}"
            f" (95% interval {lower} to {upper})"
        )
        for note in summary["warnings"]:
            self.stdout.write(f"warning: {note}")
