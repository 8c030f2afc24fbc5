"""``sabt verify``: check every event in the ledger; exit 1 naming each bad one."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from sabt.ledger_store.rebuild import verify_ledger
from sabt.ledger_store.store import OrmEventStore


class Command(BaseCommand):
    help = (
        "Reads every ledger event (nothing is written) and checks ids, signatures, "
        "parents and index order. Prints one line per bad event and exits 1, or "
        "exits 0 when the ledger is intact."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_ledger()
        for problem in problems:
            self.stdout.write(str(problem))
        count = OrmEventStore().count()
        if problems:
            self.stderr.write(
                f"ledger NOT intact: {len(problems)} problem(s) in {count} events"
            )
            sys.exit(1)
        self.stdout.write(f"ledger intact: {count} events verified")
