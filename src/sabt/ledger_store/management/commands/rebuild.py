"""``sabt rebuild``: drop every projection table and replay the ledger."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser

from sabt.ledger_store.drift import check_projections
from sabt.ledger_store.faults import WritingCommand
from sabt.ledger_store.rebuild import LedgerNotIntact, rebuild_projections


class Command(WritingCommand):
    help = (
        "Verifies the ledger, then empties every projection table and replays all "
        "events into them in one transaction. Refuses, changing nothing, if the "
        "ledger fails verification. With --check, compares the tables with the "
        "replay and names every row that differs, changing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the tables with the ledger, change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                self._check()
                return
            count = rebuild_projections()
        except LedgerNotIntact as exc:
            for problem in exc.problems:
                self.stdout.write(str(problem))
            self.stderr.write(
                "rebuild refused: the ledger is not intact; run sabt verify"
            )
            sys.exit(1)
        self.stdout.write(f"projections rebuilt from {count} events")

    def _check(self) -> None:
        report = check_projections()
        if not report.differences:
            self.stdout.write(
                f"projections match the ledger: {report.tables} tables, "
                f"{report.rows} rows"
            )
            return
        for difference in report.differences:
            self.stdout.write(str(difference))
        self.stderr.write(
            f"{len(report.differences)} difference(s) between the projection "
            "and the ledger; sabt rebuild replaces the tables with the replay"
        )
        sys.exit(1)
