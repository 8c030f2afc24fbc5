"""``sabt verify``: check every event in the ledger; exit 1 naming each bad one."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sabt.ledger import KeyFileError
from sabt.ledger_store.merkle_log import checkpoint_problems
from sabt.ledger_store.rebuild import verify_ledger
from sabt.ledger_store.store import OrmEventStore


class Command(BaseCommand):
    help = (
        "Reads every ledger event (nothing is written) and checks ids, signatures, "
        "trusted authors, parents and index order, and that the log still extends "
        "the latest checkpoint the node stored. Prints one line per problem and "
        "exits 1, or exits 0 when the ledger is intact."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            problems: list[object] = [*verify_ledger(), *checkpoint_problems()]
        except KeyFileError as exc:
            raise CommandError(
                f"cannot check who signed the log without the node's key: {exc}"
            ) from exc
        for problem in problems:
            self.stdout.write(str(problem))
        count = OrmEventStore().count()
        if problems:
            self.stderr.write(
                f"ledger NOT intact: {len(problems)} problem(s) in {count} events"
            )
            sys.exit(1)
        self.stdout.write(f"ledger intact: {count} events verified")
