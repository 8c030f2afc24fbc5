"""``sabt checkpoint``: sign the log's current Merkle root and print the note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from sabt.ledger_store.faults import WritingCommand
from sabt.ledger_store.merkle_log import issue_checkpoint


class Command(WritingCommand):
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
        out = options["out"]
        if out:
            try:
                out.write_text(signed.note, encoding="utf-8")
            except OSError as exc:  # say which file: a full disk names none
                raise OSError(exc.errno, exc.strerror, str(out)) from exc
        self.stdout.write(signed.note, ending="")
