"""Tests for sabt.ledger.verify: a scenario table of damaged logs.

Each scenario damages a small honest log the way an attacker or a broken disk
would, and names the exact line verify must print.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from sabt.ledger import (
    MemoryStore,
    StoredRow,
    append,
    key_from_seed,
    public_key_hex,
    sign_event,
    verify,
)
from sabt.ledger.event import digest_hex

ALICE = key_from_seed(b"a" * 32)
MALLORY = key_from_seed(b"m" * 32)
RECORD = "0d5ef7d2-6a3c-4b7e-9a55-0c1b2d3e4f50"
OTHER = "7b3a0c9e-2f41-4c8d-8e6b-5a4f3e2d1c0b"


def _honest_log() -> list[StoredRow]:
    """Five events: RECORD created and edited twice, OTHER created and edited."""
    store = MemoryStore()
    for record in (RECORD, OTHER):
        append(
            store,
            sign_event(
                ALICE,
                type="note.created",
                record=record,
                parents=[],
                body={"title": "Darhel"},
                at="2021-09-10T08:00:00Z",
            ),
        )
    for n, record in enumerate((RECORD, OTHER, RECORD)):
        append(
            store,
            sign_event(
                ALICE,
                type="note.edited",
                record=record,
                parents=store.heads(record),
                body={"n": n},
                at="2021-09-11T08:00:00Z",
            ),
        )
    return list(store.rows())


def _change_a_byte(rows: list[StoredRow]) -> list[StoredRow]:
    rows[0] = dataclasses.replace(
        rows[0], payload=rows[0].payload.replace(b"Darhel", b"Darhal")
    )
    return rows


def _delete_middle(rows: list[StoredRow]) -> list[StoredRow]:
    del rows[2]
    return rows


def _swap(rows: list[StoredRow]) -> list[StoredRow]:
    first, second = rows[0], rows[2]
    rows[0] = dataclasses.replace(second, index=0)
    rows[2] = dataclasses.replace(first, index=2)
    return rows


def _forge_author(rows: list[StoredRow]) -> list[StoredRow]:
    event = sign_event(
        MALLORY,
        type="note.edited",
        record=RECORD,
        parents=[rows[4].event_id],
        body={"n": 9},
        at="2021-09-12T08:00:00Z",
    )
    claimed = dataclasses.replace(event, author=public_key_hex(ALICE), payload=b"")
    payload = claimed.canonical_payload()
    rows.append(
        StoredRow(
            index=5,
            event_id=digest_hex(payload),
            record=RECORD,
            type=event.type,
            parents=event.parents,
            payload=payload,
            sig=event.sig,
        )
    )
    return rows


def _relabel_record(rows: list[StoredRow]) -> list[StoredRow]:
    rows[3] = dataclasses.replace(rows[3], record=RECORD)
    return rows


Scenario = tuple[
    Callable[[list[StoredRow]], list[StoredRow]], Callable[[list[StoredRow]], list[str]]
]

SCENARIOS: dict[str, Scenario] = {
    "one byte of a body changed": (
        _change_a_byte,
        lambda h: [
            f"log index 0, record {RECORD}, event {h[0].event_id}: bad id: "
            "id does not match the SHA-256 of the event"
        ],
    ),
    "an event deleted from the middle": (
        _delete_middle,
        lambda h: [
            "log index 2: missing from the log",
            f"log index 4, record {RECORD}, event {h[4].event_id}: "
            f"missing parent {h[2].event_id}",
        ],
    ),
    "two events swapped": (
        _swap,
        lambda h: [
            f"log index 0, record {RECORD}, event {h[2].event_id}: "
            f"broken ordering: parent {h[0].event_id} comes later, at log index 2"
        ],
    ),
    "another key signing as the author": (
        _forge_author,
        lambda h: [
            f"log index 5, record {RECORD}, "
            f"event {_forge_author(list(h))[5].event_id}: "
            "bad signature: signature does not verify for the author's key"
        ],
    ),
    "index column moved to another record": (
        _relabel_record,
        lambda h: [
            f"log index 3, record {RECORD}, event {h[3].event_id}: "
            "stored record column disagrees with the signed event",
            f"log index 3, record {RECORD}, event {h[3].event_id}: "
            f"parent {h[1].event_id} belongs to record {OTHER}",
        ],
    ),
}


def test_honest_log_verifies() -> None:
    assert verify(_honest_log()) == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_names_what_is_wrong(name: str) -> None:
    damage, expected = SCENARIOS[name]
    honest = _honest_log()
    assert [str(p) for p in verify(damage(list(honest)))] == expected(honest)
