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


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    # What Django's SQLite backend does to every statement, once per text.
    return sql.replace("%%", "\0").replace("%s", "?").replace("\0", "%")
