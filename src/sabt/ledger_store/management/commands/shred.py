"""``sabt shred SUBJECT``: destroy a subject's data key (crypto-shredding)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sabt.ledger_store.keyring import SubjectShredded, UnknownSubject, shred


class Command(BaseCommand):
    help = (
        "Destroys the data key of SUBJECT (a record id), so its sealed fields "
        "(names, contacts) can never be opened again, here or in any later "
        "backup or export; records a signed subject.shredded event naming who "
        "and why; clears the key's row in ledger_store_subjectkey and purges "
        "the freed bytes from the database files. Signatures still verify. "
        "Cannot be undone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", help="the record whose identity to destroy")
        parser.add_argument("--by", required=True, help="who destroys it")
        parser.add_argument("--reason", required=True, help="why, for the record")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = shred(
                options["subject"], actor=options["by"], reason=options["reason"]
            )
        except (UnknownSubject, SubjectShredded) as exc:
            self.stderr.write(f"nothing destroyed: {exc}")
            sys.exit(1)
        on = f"{done.at:%Y-%m-%d %H:%M} UTC"
        self.stdout.write(
            f"identity of {done.subject} destroyed on {on} by {done.by} "
            f"(event {done.event_id})"
        )
        if done.purged is False:
            self.stderr.write(
                "the database was busy: the destroyed key's bytes leave its "
                "files at the next checkpoint"
            )
