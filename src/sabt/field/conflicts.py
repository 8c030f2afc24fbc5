"""A record edited in two places at once: its versions, side by side.

A record's heads are the events no later event names as parent. Two heads
mean two devices (two kits, or a kit and headquarters) changed it without
seeing each other; the projection keeps both heads and overwrites nothing.
Each version is read here from its head event as signed; the next event
recorded on the record names every head, which settles the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from sabt.ledger import event_from_payload
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.store import OrmEventStore

# Bookkeeping every body carries, and sealed fields (ciphertext): not shown.
_HIDDEN = frozenset({"actor", "case", "sealed"})


@dataclass(frozen=True)
class Version:
    event_id: str
    type: str
    actor: str
    at: str


@dataclass(frozen=True)
class Row:
    field: str
    values: tuple[str, ...]
    differs: bool


@dataclass(frozen=True)
class Conflict:
    versions: tuple[Version, ...]
    rows: tuple[Row, ...]


def conflict_of(record: str) -> Conflict | None:
    """The record's versions and what each says, or None with one head."""
    heads = OrmEventStore().heads(record)
    if len(heads) < 2:
        return None
    rows = LedgerEvent.objects.filter(event_id__in=heads).order_by("at", "event_id")
    events = [
        event_from_payload(payload.encode("utf-8"), event_id, sig)
        for payload, event_id, sig in rows.values_list("payload", "event_id", "sig")
    ]
    versions = tuple(
        Version(e.id, e.type, str(e.body.get("actor", "")), e.at) for e in events
    )
    fields = sorted({k for e in events for k in e.body} - _HIDDEN)
    table = []
    for name in fields:
        values = tuple(_shown(e.body.get(name)) for e in events)
        table.append(Row(name, values, len(set(values)) > 1))
    return Conflict(versions, tuple(table))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
