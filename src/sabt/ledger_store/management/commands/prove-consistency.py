"""``sabt prove-consistency NOTE``: has the log only grown since that checkpoint?"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.ledger.checkpoint import CheckpointError
from sabt.ledger_store.merkle_log import check_consistency


class Command(BaseCommand):
    help = (
        "Reads a checkpoint this node signed earlier (a file, as printed by sabt "
        "checkpoint) and checks that today's log extends it: exits 0 and prints "
        "the consistency proof if so, exits 1 saying what changed if not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("note", type=Path, help="the earlier checkpoint's file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            note = options["note"].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read the checkpoint: {exc}") from exc
        try:
            outcome = check_consistency(note)
        except CheckpointError as exc:
            raise CommandError(f"not a checkpoint of this log: {exc}") from exc
        if not outcome.consistent:
            self.stderr.write(outcome.message)
            sys.exit(1)
        self.stdout.write(outcome.message)
        self.stdout.write(f"proof from {outcome.old_size} to {outcome.new_size}:")
        for node in outcome.proof:
            self.stdout.write(base64.b64encode(node).decode("ascii"))
