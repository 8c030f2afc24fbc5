"""What the ledger needs from storage, as a Protocol, and an in-memory store.

The ledger never opens a file or a database: a store hands it rows and takes
accepted events. The Django store lives outside this package; the memory store
serves tests and the standalone verifier.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sabt.ledger.event import Event


@dataclass(frozen=True)
class StoredRow:
    """One event as a store keeps it: the signed bytes plus index columns.

    ``record``, ``type`` and ``parents`` are copies for querying; ``verify``
    checks that they agree with ``payload``, which is what was signed.
    """

    index: int
    event_id: str
    record: str
    type: str
    parents: tuple[str, ...]
    payload: bytes
    sig: str


@dataclass(frozen=True)
class Located:
    """Where a stored event is: its log index, and the record it belongs to."""

    index: int
    record: str


class EventStore(Protocol):
    """Storage for the log. ``add`` assigns the next index, gap-free."""

    def locate(self, event_ids: Collection[str]) -> dict[str, Located]:
        """Return where each of the ids present is: its log index and record."""

    def heads(self, record: str) -> list[str]:
        """Return the record's heads: sorted ids no other event names as parent."""

    def add(self, event: Event) -> int:
        """Store an accepted event at the next log index and return that index."""

    def rows(self) -> Iterable[StoredRow]:
        """Yield every stored row in log-index order."""


def heads_of(events: Iterable[tuple[str, Collection[str]]]) -> list[str]:
    """Return the sorted heads among ``(event id, parents)`` pairs of one record."""
    ids: set[str] = set()
    named: set[str] = set()
    for event_id, parents in events:
        ids.add(event_id)
        named.update(parents)
    return sorted(ids - named)


class MemoryStore:
    """An EventStore in a list, for tests and offline verification."""

    def __init__(self) -> None:
        self._rows: list[StoredRow] = []
        self._by_id: dict[str, StoredRow] = {}

    def locate(self, event_ids: Collection[str]) -> dict[str, Located]:
        rows = (self._by_id[i] for i in event_ids if i in self._by_id)
        return {row.event_id: Located(row.index, row.record) for row in rows}

    def heads(self, record: str) -> list[str]:
        return heads_of(
            (r.event_id, r.parents) for r in self._rows if r.record == record
        )

    def add(self, event: Event) -> int:
        row = StoredRow(
            index=len(self._rows),
            event_id=event.id,
            record=event.record,
            type=event.type,
            parents=event.parents,
            payload=event.canonical_payload(),
            sig=event.sig,
        )
        self._rows.append(row)
        self._by_id[row.event_id] = row
        return row.index

    def rows(self) -> Iterator[StoredRow]:
        return iter(list(self._rows))
