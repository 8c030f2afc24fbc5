"""Property test for ``sabt rebuild``: replaying the ledger gives the same tables.

Hypothesis writes random histories: notes created by the node or a field kit,
edited on top of the latest version or of a stale one (two devices editing
offline), and conflicts settled. After each history the projection tables are
dumped, rebuilt from the ledger alone, and dumped again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from sabt.ledger import sign_event
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.ledger_store.recording import ingest_event
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

TITLES = (
    st.text(alphabet="abc دره پریان", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
OPERATION = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1), TITLES),
    st.tuples(
        st.just("edit"), st.integers(0, 1), TITLES, st.integers(0, 50), st.booleans()
    ),
    st.tuples(st.just("settle"), st.integers(0, 1), TITLES, st.integers(0, 50)),
)


@dataclass
class History:
    """What the generated history has written so far, per record."""

    authors: list[SigningKey]
    events: dict[str, list[str]] = field(default_factory=dict)
    heads: dict[str, list[str]] = field(default_factory=dict)
    clock: int = 0

    def write(
        self, author: int, record: str, kind: str, title: str, parents: list[str]
    ) -> None:
        self.clock += 1
        event = sign_event(
            self.authors[author],
            type=f"note.{kind}",
            record=record,
            parents=parents,
            body={"actor": f"author-{author}", "title": title, "text": kind},
            at=f"2021-09-{1 + self.clock // 3600:02d}T{self.clock // 60 % 60:02d}:"
            f"{self.clock % 60:02d}:00Z",
        )
        ingest_event(event)
        self.events.setdefault(record, []).append(event.id)
        heads = set(self.heads.get(record, [])) - set(parents) | {event.id}
        self.heads[record] = sorted(heads)

    def apply(self, op: tuple[object, ...]) -> None:
        kind, author, title = op[0], int(op[1]), str(op[2])  # type: ignore[call-overload]  # tuple from strategy
        records = sorted(self.events)
        if kind == "create" or not records:
            self.write(author, str(uuid.uuid4()), "created", title, [])
            return
        record = records[int(op[3]) % len(records)]  # type: ignore[call-overload]  # tuple from strategy
        if kind == "edit" and op[4]:
            # A stale edit: made offline on top of an older version.
            older = self.events[record]
            parents = [older[int(op[3]) % len(older)]]  # type: ignore[call-overload]  # tuple from strategy
        else:
            parents = self.heads[record]
        self.write(author, record, "edited", title, parents)


# The keys are fixed seeds and every example rolls back, so sharing them is safe.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=25))
def test_rebuilt_tables_equal_the_originals(
    node_key: SigningKey,
    enrolled_device_key: SigningKey,
    operations: list[tuple[object, ...]],
) -> None:
    with transaction.atomic():
        history = History(authors=[node_key, enrolled_device_key])
        for op in operations:
            history.apply(op)
        before = projection_snapshot()
        assert rebuild_projections() == LedgerEvent.objects.count()
        assert projection_snapshot() == before
        transaction.set_rollback(True)


def test_rebuild_command_reports_count_and_keeps_conflicts(
    node_key: SigningKey, enrolled_device_key: SigningKey
) -> None:
    history = History(authors=[node_key, enrolled_device_key])
    history.write(0, "5f0e0a3c-9c1b-4c55-a7a9-1d2e3f405060", "created", "Obdar", [])
    root = history.heads["5f0e0a3c-9c1b-4c55-a7a9-1d2e3f405060"]
    history.write(0, "5f0e0a3c-9c1b-4c55-a7a9-1d2e3f405060", "edited", "Abdara", root)
    history.write(1, "5f0e0a3c-9c1b-4c55-a7a9-1d2e3f405060", "edited", "Abdarah", root)
    before = projection_snapshot()
    code, out, _ = run_command("rebuild")
    assert (code, out) == (0, "projections rebuilt from 4 events\n")
    assert projection_snapshot() == before
    from sabt.notes.models import Note  # noqa: PLC0415

    assert Note.objects.get().is_in_conflict is True
