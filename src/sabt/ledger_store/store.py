"""The ledger's EventStore protocol, on the database.

Appends run these few statements for every event, so they are plain SQL: the
ORM spent about ten times longer building each query than the database spent
running it (benchmarks/ledger.py). ``TABLE`` must equal the model's table,
which a test checks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from django.db import connection, transaction

from sabt.ledger import Event, Located, StoredRow
from sabt.ledger.store import heads_of
from sabt.ledger_store import driver_cursor
from sabt.ledger_store.models import LedgerEvent

TABLE = "ledger_store_ledgerevent"
_LOCATE = f"SELECT event_id, log_index, record FROM {TABLE} WHERE event_id IN ({{}})"  # noqa: S608
_HEADS = f"SELECT event_id, parents FROM {TABLE} WHERE record = %s"  # noqa: S608
# The next index is taken inside the INSERT, under the append lock: one
# statement instead of two, and RETURNING hands it back (SQLite >= 3.35).
_INSERT = (
    f"INSERT INTO {TABLE}"  # noqa: S608
    " (log_index, event_id, record, type, parents, author, at, payload, sig)"
    " SELECT COALESCE(MAX(log_index) + 1, 0), %s, %s, %s, %s, %s, %s, %s, %s"
    f" FROM {TABLE} RETURNING log_index"
)
# Any fixed 64-bit number: the advisory lock that serialises appends on PostgreSQL.
_APPEND_LOCK = 0x5AB7_1ED6


def _fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return driver_cursor.fetchall(sql, params)


class OrmEventStore:
    """Reads and appends ``LedgerEvent`` rows; ``add`` needs ``lock`` first."""

    def lock(self) -> None:
        """Serialise appenders until the surrounding transaction ends.

        Log indexes are max + 1, so two writers must not interleave. SQLite
        already holds its write lock (transactions begin IMMEDIATE); PostgreSQL
        takes a transaction-scoped advisory lock.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("the ledger can only be locked inside a transaction")
        if connection.vendor == "postgresql":
            _fetch("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])

    def locate(self, event_ids: Collection[str]) -> dict[str, Located]:
        ids = list(event_ids)
        if not ids:
            return {}
        sql = _LOCATE.format(", ".join(["%s"] * len(ids)))
        return {str(e): Located(int(i), str(r)) for e, i, r in _fetch(sql, ids)}

    def heads(self, record: str) -> list[str]:
        rows = _fetch(_HEADS, [record])
        return heads_of((event_id, parents.split()) for event_id, parents in rows)

    def add(self, event: Event) -> int:
        payload = event.canonical_payload().decode("utf-8")
        columns = [event.id, event.record, event.type, " ".join(event.parents)]
        rows = _fetch(_INSERT, [*columns, event.author, event.at, payload, event.sig])
        return int(rows[0][0])

    def count(self) -> int:
        return LedgerEvent.objects.count()

    def rows(self, chunk_size: int = 5000) -> Iterator[StoredRow]:
        columns = (
            "log_index",
            "event_id",
            "record",
            "type",
            "parents",
            "payload",
            "sig",
        )
        query = LedgerEvent.objects.order_by("log_index").values_list(*columns)
        for index, event_id, record, type_, parents, payload, sig in query.iterator(
            chunk_size=chunk_size
        ):
            yield StoredRow(
                index=index,
                event_id=event_id,
                record=record,
                type=type_,
                parents=tuple(parents.split()),
                payload=payload.encode("utf-8"),
                sig=sig,
            )
