"""``sabt shred SUBJECT``: destroy a subject's data key (crypto-shredding)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser

from sabt.ledger_store.faults import WritingCommand
from sabt.ledger_store.keyring import SubjectShredded, UnknownSubject, shred
from sabt.ledger_store.org_key import OrgKeyLocked


class Command(WritingCommand):
    help = (
        "Destroys the data key of SUBJECT (a record id), so its sealed fields "
        "(names, contacts) can never be opened again, here or in any later "
        "backup or export, and with it the keys of audited searches whose words "
        "name the subject (read with the organisation's key, which must be "
        "unlocked: SABT_ORG_PASSPHRASE); records a signed subject.shredded "
        "event naming who, why and those searches; clears the keys' rows in "
        "ledger_store_subjectkey and purges the freed bytes from the database "
        "files (on PostgreSQL also from pg_wal: README). Signatures still "
        "verify. Cannot be undone."
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
        except (UnknownSubject, SubjectShredded, OrgKeyLocked) as exc:
            self.stderr.write(f"nothing destroyed: {exc}")
            sys.exit(1)
        on = f"{done.at:%Y-%m-%d %H:%M} UTC"
        self.stdout.write(
            f"identity of {done.subject} destroyed on {on} by {done.by} "
            f"(event {done.event_id})"
        )
        if done.destroyed_with:
            count = len(done.destroyed_with)
            self.stdout.write(f"words of {count} audited searches naming it destroyed")
        for why in done.lingering:
            self.stderr.write(f"the destroyed key may linger in the database: {why}")
