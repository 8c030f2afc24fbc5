"""Statements on the database driver's own cursor, for the append path.

An append runs about six statements per event. Django's cursor wrapper spent
longer on each (settings lookups, placeholder rewriting, debug hooks) than
SQLite spent running it (benchmarks/ledger.py). Here the driver's cursor runs
them directly, inside the same connection and transaction, with the checks
that matter kept: a broken transaction is refused, and driver errors become
Django's (``IntegrityError``...) as callers expect.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run ``sql`` (``%s`` placeholders) and return the driver's cursor.

    The caller reads what it needs and closes the cursor.
    """
    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    statement = _qmark(sql) if connection.vendor == "sqlite" else sql
    cursor = connection.connection.cursor()
    with connection.wrap_database_errors:
        cursor.execute(statement, params)
    return cursor


def fetchall(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    cursor = execute(sql, params)
    try:
        return list(cursor.fetchall())
    finally:
        cursor.close()


def fetchone(sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    cursor = execute(sql, params)
    try:
        row = cursor.fetchone()
        return None if row is None else tuple(row)
    finally:
        cursor.close()


def rowcount(sql: str, params: Sequence[Any] = ()) -> int:
    cursor = execute(sql, params)
    try:
        return int(cursor.rowcount)
    finally:
        cursor.close()


def insert_rows(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (values in ``columns``' order) in as few statements as can be.

    PostgreSQL takes them as one COPY: a multi-row INSERT's text was parsed
    again in the driver for every batch, longer than COPY takes to send it.
    SQLite takes multi-row INSERTs, as many rows each as its limit on bound
    values allows.
    """
    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    cursor = connection.connection.cursor()
    try:
        with connection.wrap_database_errors:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            one_row = "(" + ", ".join(["?"] * len(columns)) + ")"
            per_statement = max(1, _MAX_PARAMS // len(columns))
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                values = ", ".join([one_row] * len(chunk))
                params = [value for row in chunk for value in row]
                sql = f"INSERT INTO {quote(table)} ({names}) VALUES {values}"  # noqa: S608
                cursor.execute(sql, params)
    finally:
        cursor.close()


# Bound values per statement, under SQLite's limit of 32,766.
_MAX_PARAMS = 30_000


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    # What Django's SQLite backend does to every statement, once per text.
    return sql.replace("%%", "\0").replace("%s", "?").replace("\0", "%")
