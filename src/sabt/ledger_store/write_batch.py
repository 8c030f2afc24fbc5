"""Writes held back inside one transaction, and sent together.

An import appends thousands of events in one transaction. On PostgreSQL each
statement is a round trip to the server, which cost more than running it:
about seven per event (benchmarks/ledger.py). Inside ``batch()``:

- the log is locked once, its next index read once, and each record's heads
  kept as appends change them, so an append reads nothing;
- appended rows and ``fast_rows`` inserts wait in memory and go as one
  multi-row INSERT per table; an update of a row whose insert still waits is
  folded into that insert;
- ``fast_rows`` reads of rows written (or read) in the batch are answered
  from memory, converted as a read from the database would be.

What waits is sent before any statement that could see it: a read naming one
of those tables (by the store, by ``fast_rows`` or by any Django query), any
write, and the end of the batch, before its transaction commits. A savepoint
sends everything; a rollback to one drops what waits, which it would undo;
both forget all the batch knew, so undone rows are never believed. An error
in a held write raises when it is sent, inside the batch, whose transaction
then rolls back whole: a batch is all or nothing, as an import wants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from sabt.ledger import Located
from sabt.ledger_store import driver_cursor

# Held rows are sent once this many wait, to bound memory.
_MAX_HELD_ROWS = 2000
_ATTRIBUTE = "_sabt_write_batch"


@dataclass
class _HeldRow:
    """One row of a held insert: its bound values, by column position."""

    params: list[Any]
    positions: dict[str, int]


@dataclass
class WriteBatch:
    """What one batch holds and knows; the log's state is the store's to keep.

    ``locked``, ``next_index``, ``heads``, ``located`` (every event appended
    here, and some read) and ``appended_to`` (the records of those appended)
    are kept by ``store.OrmEventStore``, and are valid because the batch
    holds the append lock: no other writer can change them.
    """

    locked: bool = False
    next_index: int | None = None
    heads: dict[str, list[str]] = field(default_factory=dict)
    located: dict[str, Located] = field(default_factory=dict)
    appended_to: set[str] = field(default_factory=set)
    _inserts: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = field(
        default_factory=dict
    )
    _updates: list[tuple[str, list[Any]]] = field(default_factory=list)
    _held_rows: dict[tuple[str, Any], _HeldRow] = field(default_factory=dict)
    _rows: dict[tuple[str, Any], dict[str, Any]] = field(default_factory=dict)
    _tables: set[str] = field(default_factory=set)
    _log_tables: set[str] = field(default_factory=set)
    _held_count: int = 0

    # --- Holding -----------------------------------------------------------

    def hold_insert(
        self,
        table: str,
        columns: Sequence[str],
        params: list[Any],
        *,
        key: Any = None,
        read_as: dict[str, Any] | None = None,
    ) -> None:
        """Hold one row for ``table``; ``key`` and ``read_as`` let it be read.

        ``columns`` are unquoted column names in ``params``' order; ``read_as``
        maps attribute names to the values a read would return.
        """
        self._tables.add(table)
        self._inserts.setdefault((table, tuple(columns)), []).append(params)
        if key is not None:
            positions = {column: i for i, column in enumerate(columns)}
            self._held_rows[table, key] = _HeldRow(params, positions)
            self._rows[table, key] = dict(read_as or {})
        self._held_count += 1
        if self._held_count >= _MAX_HELD_ROWS:
            self.send()

    def hold_update(
        self,
        table: str,
        key: Any,
        columns: dict[str, Any],
        read_as: dict[str, Any],
        statement: Callable[[], tuple[str, list[Any]]],
    ) -> None:
        """Set ``columns`` (name -> bound value) on a row the batch knows.

        Folded into the row's held insert when it can be; otherwise
        ``statement()`` gives the UPDATE to hold.
        """
        held = self._held_rows.get((table, key))
        if held is not None and all(c in held.positions for c in columns):
            for column, value in columns.items():
                held.params[held.positions[column]] = value
        else:
            self._updates.append(statement())
            self._held_count += 1
        self._rows[table, key].update(read_as)

    def knows(self, table: str, key: Any) -> bool:
        return (table, key) in self._rows

    def read(self, table: str, key: Any, names: Sequence[str]) -> list[Any] | None:
        """The row's values for ``names``, if the batch knows them all."""
        row = self._rows.get((table, key))
        if row is None or any(name not in row for name in names):
            return None
        return [row[name] for name in names]

    def remember(self, table: str, key: Any, read_as: dict[str, Any]) -> None:
        """Keep what a read of this row returned, for the next read."""
        self._tables.add(table)
        self._rows.setdefault((table, key), {}).update(read_as)

    def keep_log_state(self, table: str) -> None:
        """Mark ``table`` as the log, whose state the store keeps here."""
        self._tables.add(table)
        self._log_tables.add(table)

    # --- Sending -------------------------------------------------------------

    def send(self) -> None:
        """Run every held write now, in order: inserts, then updates."""
        inserts, updates = self._inserts, self._updates
        self._discard()
        for (table, columns), rows in inserts.items():
            driver_cursor.insert_rows(table, columns, rows)
        for sql, params in updates:
            driver_cursor.execute(sql, params).close()

    def _discard(self) -> None:
        self._inserts, self._updates = {}, []
        self._held_rows.clear()
        self._held_count = 0

    def forget(self) -> None:
        """Drop all the batch knows; what it held must have been sent."""
        self.locked = False
        self._forget_log()
        self._rows.clear()
        self._tables.clear()
        self._log_tables.clear()

    def _forget_log(self) -> None:
        self.next_index = None
        self.heads.clear()
        self.located.clear()
        self.appended_to.clear()

    def before_statement(self, sql: str) -> None:
        """Before someone else's statement: send what it could see or need."""
        head = sql.lstrip()[:9].upper()
        if head.startswith("ROLLBACK"):
            # Held rows came after the last savepoint (which sent the rest),
            # so the rollback would undo them anyway.
            self._discard()
            self.forget()
        elif head.startswith(("SAVEPOINT", "RELEASE")):
            self.send()
            self.forget()
        elif not head.startswith("SELECT"):
            # A write: held rows go first (it may refer to them), and rows of
            # a table it names may change.
            self.send()
            self._forget_rows(sql)
        elif any(table in sql for table in self._tables):
            self.send()

    def _forget_rows(self, sql: str) -> None:
        named = {table for table in self._tables if table in sql}
        if named & self._log_tables:
            self._forget_log()
        if named:
            self._rows = {k: v for k, v in self._rows.items() if k[0] not in named}


def current() -> WriteBatch | None:
    """The batch of this thread's connection, if one is open."""
    found: WriteBatch | None = getattr(connection, _ATTRIBUTE, None)
    return found


@contextmanager
def batch() -> Iterator[WriteBatch]:
    """One transaction whose appends and ``fast_rows`` writes are sent together.

    Nested inside another batch it joins that one. Leaving it sends what
    waits, then commits (or releases its savepoint); an error rolls it all
    back.
    """
    open_batch = current()
    if open_batch is not None:
        yield open_batch
        return
    with transaction.atomic():
        held = WriteBatch()
        setattr(connection, _ATTRIBUTE, held)
        try:
            with connection.execute_wrapper(_send_first(held)):
                yield held
                held.send()
        finally:
            setattr(connection, _ATTRIBUTE, None)


def _send_first(held: WriteBatch) -> Callable[..., Any]:
    def wrapper(
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        held.before_statement(sql)
        return execute(sql, params, many, context)

    return wrapper
