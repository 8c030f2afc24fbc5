"""The statistics a database's planner chooses indexes by."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """Count the rows behind each index again, on SQLite.

    SQLite gathers no statistics by itself, and a migration that rebuilds a
    table drops that table's. Without them it guesses which index narrows a
    query most, and for a district it guessed the district's own places over
    the incident's. PostgreSQL's autovacuum analyses tables as they change.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
