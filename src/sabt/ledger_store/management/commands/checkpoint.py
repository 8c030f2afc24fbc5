"""``sabt checkpoint``: sign the log's current Merkle root and print the note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sabt.ledger_store.merkle_log import issue_checkpoint


class Command(BaseCommand):
    help = (
        "Signs a checkpoint (C2SP signed note: log name, number of events, Merkle "
        "root) of the ledger as it stands, keeps it, and prints it. Hand it to "
        "someone outside: later, sabt prove-consistency shows whether the log "
        "only grew since."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="also write the note to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        signed = issue_checkpoint()
        if options["out"]:
            options["out"].write_text(signed.note, encoding="utf-8")
        self.stdout.write(signed.note, ending="")
