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
from sabt.ledger_store import driver_cursor, write_batch
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
# Inside a batch the index is counted from the one read, so rows can wait.
_NEXT_INDEX = f"SELECT COALESCE(MAX(log_index) + 1, 0) FROM {TABLE}"  # noqa: S608
_COLUMNS = (
    "log_index",
    "event_id",
    "record",
    "type",
    "parents",
    "author",
    "at",
    "payload",
    "sig",
)
# Any fixed 64-bit number: the advisory lock that serialises appends on PostgreSQL.
_APPEND_LOCK = 0x5AB7_1ED6


def _fetch(
    sql: str, params: Sequence[Any] = (), *, sees_held: bool = True
) -> list[tuple[Any, ...]]:
    """Rows of ``sql``; held rows are sent first unless it cannot see them."""
    held = write_batch.current()
    if held is not None and sees_held:
        held.send()
    return driver_cursor.fetchall(sql, params)


def _locked_batch() -> write_batch.WriteBatch | None:
    """The open batch, if it holds the append lock: its view of the log holds."""
    held = write_batch.current()
    return held if held is not None and held.locked else None


class OrmEventStore:
    """Reads and appends ``LedgerEvent`` rows; ``add`` needs ``lock`` first.

    Inside ``write_batch.batch()``, once locked, it keeps the log's next index,
    the heads of records it read or appended to and where appended events
    are, and appended rows wait to be sent together.
    """

    def lock(self) -> None:
        """Serialise appenders until the surrounding transaction ends.

        Log indexes are max + 1, so two writers must not interleave. SQLite
        already holds its write lock (transactions begin IMMEDIATE); PostgreSQL
        takes a transaction-scoped advisory lock.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("the ledger can only be locked inside a transaction")
        held = write_batch.current()
        if held is not None and held.locked:
            return
        if connection.vendor == "postgresql":
            _fetch("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
        if held is not None:
            held.keep_log_state(TABLE)
            held.locked = True

    def locate(self, event_ids: Collection[str]) -> dict[str, Located]:
        held = _locked_batch()
        known = {} if held is None else held.located
        found = {i: known[i] for i in event_ids if i in known}
        ids = [i for i in event_ids if i not in found]
        if ids:
            # Every held row is in ``known``: these ids are not among them.
            sql = _LOCATE.format(", ".join(["%s"] * len(ids)))
            rows = _fetch(sql, ids, sees_held=held is None)
            found.update({str(e): Located(int(i), str(r)) for e, i, r in rows})
        return found

    def heads(self, record: str) -> list[str]:
        held = _locked_batch()
        if held is not None and record in held.heads:
            return list(held.heads[record])
        unseen = held is not None and record not in held.appended_to
        rows = _fetch(_HEADS, [record], sees_held=not unseen)
        heads = heads_of((event_id, parents.split()) for event_id, parents in rows)
        if held is not None:
            held.heads[record] = heads
        return list(heads)

    def add(self, event: Event) -> int:
        payload = event.canonical_payload().decode("utf-8")
        columns = [event.id, event.record, event.type, " ".join(event.parents)]
        values = [*columns, event.author, event.at, payload, event.sig]
        held = _locked_batch()
        if held is None:
            return int(_fetch(_INSERT, values)[0][0])
        if held.next_index is None:
            held.next_index = int(_fetch(_NEXT_INDEX)[0][0])
        index = held.next_index
        held.hold_insert(TABLE, _COLUMNS, [index, *values])
        held.next_index = index + 1
        held.located[event.id] = Located(index, event.record)
        held.appended_to.add(event.record)
        if event.record in held.heads:
            # The parents stop being heads; any head the event did not name stays.
            before = set(held.heads[event.record]) - set(event.parents)
            held.heads[event.record] = sorted(before | {event.id})
        return index

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
