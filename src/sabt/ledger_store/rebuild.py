"""Rebuilding every projection table from the ledger alone."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection, models

from sabt.ledger import KeyFileError, Problem, event_from_payload, verify
from sabt.ledger_store import write_batch
from sabt.ledger_store.authors import node_root
from sabt.ledger_store.projection import (
    project,
    projection_models,
    reset_projections,
)
from sabt.ledger_store.store import OrmEventStore


class LedgerNotIntact(Exception):
    """The ledger failed verification, so replaying it would spread the damage."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the ledger")
        self.problems = problems


def _tables_of(model: type[models.Model]) -> list[str]:
    """The model's table and those of its many-to-many links."""
    links = [field.remote_field.through for field in model._meta.local_many_to_many]
    return [model._meta.db_table, *(link._meta.db_table for link in links if link)]


def verify_ledger() -> list[Problem]:
    """Return every problem in the stored log (empty when intact).

    Authors are checked against the trust list replayed from the log, rooted
    in the node's key file, never in the database.
    """
    store = OrmEventStore()
    try:
        root = node_root()
    except KeyFileError:
        # An empty log has no author to check; any other needs the root.
        if store.count() == 0:
            return []
        raise
    return verify(store.rows(), root=root)


def rebuild_projections() -> int:
    """Verify the log, empty every projection table and replay every event.

    Between emptying and replaying, each projector's ``reset`` refills its
    reference rows.

    Runs in one transaction, a write batch: on any error the old tables stay.
    Returns the number of events replayed. Raises LedgerNotIntact if
    verification fails.
    """
    problems = verify_ledger()
    if problems:
        raise LedgerNotIntact(problems)
    store = OrmEventStore()
    with write_batch.batch():
        store.lock()
        tables = [table for model in projection_models() for table in _tables_of(model)]
        statements = connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with deferred foreign-key checks
                # still pending in this transaction: run those checks first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in statements:
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        reset_projections()
        count = 0
        for row in store.rows():
            project(event_from_payload(row.payload, row.event_id, row.sig))
            count += 1
    return count
