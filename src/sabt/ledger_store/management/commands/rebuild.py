"""``sabt rebuild``: drop every projection table and replay the ledger."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from sabt.ledger_store.rebuild import LedgerNotIntact, rebuild_projections


class Command(BaseCommand):
    help = (
        "Verifies the ledger, then empties every projection table and replays all "
        "events into them in one transaction. Refuses, changing nothing, if the "
        "ledger fails verification."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = rebuild_projections()
        except LedgerNotIntact as exc:
            for problem in exc.problems:
                self.stdout.write(str(problem))
            self.stderr.write(
                "rebuild refused: the ledger is not intact; run sabt verify"
            )
            sys.exit(1)
        self.stdout.write(f"projections rebuilt from {count} events")
