"""The ledger's EventStore protocol, implemented with the Django ORM."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from django.db import connection, transaction
from django.db.models import Max

from sabt.ledger import Event, StoredRow
from sabt.ledger.store import heads_of
from sabt.ledger_store.models import LedgerEvent

# Any fixed 64-bit number: the advisory lock that serialises appends on PostgreSQL.
_APPEND_LOCK = 0x5AB7_1ED6


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
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])

    def index_of(self, event_id: str) -> int | None:
        return (
            LedgerEvent.objects.filter(event_id=event_id)
            .values_list("log_index", flat=True)
            .first()
        )

    def records_of(self, event_ids: Collection[str]) -> dict[str, str]:
        if not event_ids:
            return {}
        rows = LedgerEvent.objects.filter(event_id__in=list(event_ids))
        return dict(rows.values_list("event_id", "record"))

    def heads(self, record: str) -> list[str]:
        rows = LedgerEvent.objects.filter(record=record).values_list(
            "event_id", "parents"
        )
        return heads_of((event_id, parents.split()) for event_id, parents in rows)

    def add(self, event: Event) -> int:
        last = LedgerEvent.objects.aggregate(last=Max("log_index"))["last"]
        index = 0 if last is None else last + 1
        LedgerEvent.objects.create(
            log_index=index,
            event_id=event.id,
            record=event.record,
            type=event.type,
            parents=" ".join(event.parents),
            author=event.author,
            at=event.at,
            payload=event.canonical_payload().decode("utf-8"),
            sig=event.sig,
        )
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
