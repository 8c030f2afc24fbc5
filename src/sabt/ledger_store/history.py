"""A record's history as the ledger holds it: every event, oldest first.

Read-only; pages show it so a reader sees who changed a record, when, and
with which key, without touching the log table themselves.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from sabt.ledger_store.models import LedgerEvent

# Enough hex digits of an Ed25519 public key to tell a node's keys apart at a
# glance; the full key stays in the log for verification.
SHORT_KEY_LENGTH = 12


@dataclass(frozen=True)
class HistoryEntry:
    """One signed event of a record, as a page shows it."""

    log_index: int
    event_id: str
    type: str
    author: str
    actor: str
    at: datetime.datetime
    # The earlier entries this one names as parents when it settles several
    # versions (a merge); empty for an event on one version.
    settles: tuple[HistoryEntry, ...] = ()

    @property
    def short_author(self) -> str:
        return self.author[:SHORT_KEY_LENGTH]


def history_of(record: str) -> list[HistoryEntry]:
    """Return every event of ``record`` in log order (empty if it has none).

    ``actor`` is the username the event's body names; sealed fields are never
    read.
    """
    rows = LedgerEvent.objects.filter(record=record).order_by("log_index")
    entries: dict[str, HistoryEntry] = {}
    for row in rows:
        parents = row.parents.split()
        settled = [entries[p] for p in parents if p in entries]
        entries[row.event_id] = HistoryEntry(
            log_index=row.log_index,
            event_id=row.event_id,
            type=row.type,
            author=row.author,
            actor=str(json.loads(row.payload)["body"].get("actor", "")),
            at=datetime.datetime.fromisoformat(row.at),
            settles=tuple(settled) if len(parents) > 1 else (),
        )
    return list(entries.values())
