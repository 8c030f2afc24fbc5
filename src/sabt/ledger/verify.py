"""Walking the whole log and naming every event that is not as it was signed.

Checks, per row: the id is the SHA-256 of the stored bytes, the author's
signature verifies, the bytes parse as an event whose record, type and parents
agree with the store's index columns, and every parent comes earlier in the log
and belongs to the same record. Across rows: log indexes run 0, 1, 2, ...
without gaps, so a deleted row shows even when nothing pointed at it. Given
the log's root key, every author must be trusted at that point of the log
(``ledger.trust``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sabt.ledger.errors import LedgerError
from sabt.ledger.event import check_id, check_shape, check_signature
from sabt.ledger.store import StoredRow
from sabt.ledger.trust import TrustedAuthors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the log, located by index, record and event."""

    index: int
    record: str
    event_id: str
    reason: str

    def __str__(self) -> str:
        where = f"log index {self.index}"
        if self.record:
            where += f", record {self.record}"
        if self.event_id:
            where += f", event {self.event_id}"
        return f"{where}: {self.reason}"


def verify(rows: Iterable[StoredRow], root: str | None = None) -> list[Problem]:
    """Return every problem in the log, in log order; an empty list means intact.

    ``rows`` must come in ascending index order, as ``EventStore.rows`` gives them.
    ``root`` is the hex key of the node that owns the log, taken from outside
    the store (its key file, or a pinned key): with it, an event by an author
    the log never trusted, or by a revoked one, is a problem too.
    """
    trust = TrustedAuthors(root=root) if root is not None else None
    problems: list[Problem] = []
    seen: dict[str, tuple[int, str]] = {}
    unresolved: list[tuple[StoredRow, str]] = []
    expected = 0
    for row in rows:
        if row.index > expected:
            problems.append(_gap(expected, row.index))
        elif row.index < expected:
            problems.append(_problem(row, "log index repeats or goes backwards"))
        expected = max(expected, row.index + 1)
        reason = _check_row(row)
        if not reason and trust is not None:
            reason = _check_author(trust, row)
        if reason:
            problems.append(_problem(row, reason))
        for parent in row.parents:
            if parent not in seen:
                unresolved.append((row, parent))
            elif seen[parent][1] != row.record:
                reason = f"parent {parent} belongs to record {seen[parent][1]}"
                problems.append(_problem(row, reason))
        seen[row.event_id] = (row.index, row.record)
    for row, parent in unresolved:
        if parent in seen:
            later = seen[parent][0]
            reason = (
                f"broken ordering: parent {parent} comes later, at log index {later}"
            )
        else:
            reason = f"missing parent {parent}"
        problems.append(_problem(row, reason))
    problems.sort(key=lambda p: p.index)
    return problems


def _check_row(row: StoredRow) -> str:
    """Return why one row is bad, or an empty string."""
    try:
        check_id(row.payload, row.event_id)
    except LedgerError as exc:
        return f"bad id: {exc}"
    try:
        unsigned = json.loads(row.payload)
        check_shape(unsigned)
    except (ValueError, TypeError, KeyError, LedgerError) as exc:
        return f"malformed event: {exc}"
    try:
        check_signature(row.event_id, row.sig, unsigned["author"])
    except LedgerError as exc:
        return f"bad signature: {exc}"
    for column in ("record", "type"):
        if getattr(row, column) != unsigned[column]:
            return f"stored {column} column disagrees with the signed event"
    if list(row.parents) != unsigned["parents"]:
        return "stored parents column disagrees with the signed event"
    return ""


def _check_author(trust: TrustedAuthors, row: StoredRow) -> str:
    """Return why the row's author may not sign it here, or an empty string."""
    try:
        trust.admit({**json.loads(row.payload), "id": row.event_id})
    except LedgerError as exc:
        return f"untrusted author: {exc}"
    return ""


def _problem(row: StoredRow, reason: str) -> Problem:
    return Problem(
        index=row.index, record=row.record, event_id=row.event_id, reason=reason
    )


def _gap(first_missing: int, next_present: int) -> Problem:
    last = next_present - 1
    reason = "missing from the log"
    if last > first_missing:
        reason += f", through log index {last}"
    return Problem(index=first_missing, record="", event_id="", reason=reason)
