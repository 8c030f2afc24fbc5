"""Tests for sabt.ledger.log.append on the in-memory store."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from sabt.ledger import (
    HashMismatch,
    InvalidSignature,
    MalformedEvent,
    MemoryStore,
    MissingParent,
    append,
    key_from_seed,
    public_key_hex,
    sign_event,
)
from sabt.ledger.event import digest_hex

ALICE = key_from_seed(b"a" * 32)
MALLORY = key_from_seed(b"m" * 32)


def _create(store: MemoryStore, record: str) -> int:
    event = sign_event(ALICE, type="note.created", record=record, parents=[], body={})
    return append(store, event)


def test_assigns_consecutive_indexes() -> None:
    store = MemoryStore()
    assert [_create(store, str(uuid.uuid4())) for _ in range(3)] == [0, 1, 2]


def test_appending_an_event_twice_returns_its_index_and_stores_it_once() -> None:
    store = MemoryStore()
    event = sign_event(
        ALICE, type="note.created", record=str(uuid.uuid4()), parents=[], body={}
    )
    assert append(store, event) == 0
    assert append(store, event) == 0
    assert len(list(store.rows())) == 1


def test_rejects_event_whose_parent_is_not_in_the_log() -> None:
    store = MemoryStore()
    event = sign_event(
        ALICE, type="note.edited", record=str(uuid.uuid4()), parents=["c" * 64], body={}
    )
    with pytest.raises(MissingParent, match=f"parent {'c' * 64} is not in the log"):
        append(store, event)
    assert list(store.rows()) == []


def test_rejects_parent_from_another_record() -> None:
    store = MemoryStore()
    first = str(uuid.uuid4())
    _create(store, first)
    parent = store.heads(first)[0]
    event = sign_event(
        ALICE, type="note.edited", record=str(uuid.uuid4()), parents=[parent], body={}
    )
    with pytest.raises(MissingParent, match=f"belongs to record {first}"):
        append(store, event)


def test_rejects_event_signed_by_another_key_claiming_the_first() -> None:
    store = MemoryStore()
    event = sign_event(
        MALLORY, type="note.created", record=str(uuid.uuid4()), parents=[], body={}
    )
    forged = dataclasses.replace(event, author=public_key_hex(ALICE), payload=b"")
    with pytest.raises(HashMismatch, match="id does not match the SHA-256"):
        append(store, forged)
    assert list(store.rows()) == []


def test_rejects_forged_author_with_recomputed_id() -> None:
    """A forger who recomputes the id still cannot produce the author's signature."""
    store = MemoryStore()
    event = sign_event(
        MALLORY, type="note.created", record=str(uuid.uuid4()), parents=[], body={}
    )
    claimed = dataclasses.replace(event, author=public_key_hex(ALICE), payload=b"")
    forged = dataclasses.replace(claimed, id=digest_hex(claimed.canonical_payload()))
    with pytest.raises(InvalidSignature, match="does not verify for the author's key"):
        append(store, forged)
    assert list(store.rows()) == []


def test_rejects_payload_that_is_not_canonical() -> None:
    event = sign_event(
        ALICE, type="note.created", record=str(uuid.uuid4()), parents=[], body={}
    )
    spaced = dataclasses.replace(event, payload=event.payload.replace(b",", b", "))
    with pytest.raises(MalformedEvent, match="not the canonical form"):
        append(MemoryStore(), spaced)


def test_heads_follow_forks_and_merges() -> None:
    store = MemoryStore()
    record = str(uuid.uuid4())
    _create(store, record)
    root = store.heads(record)
    left = sign_event(
        ALICE, type="note.edited", record=record, parents=root, body={"n": 1}
    )
    right = sign_event(
        MALLORY, type="note.edited", record=record, parents=root, body={"n": 2}
    )
    append(store, left)
    append(store, right)
    assert store.heads(record) == sorted([left.id, right.id])
    merge = sign_event(
        ALICE, type="note.edited", record=record, parents=store.heads(record), body={}
    )
    append(store, merge)
    assert store.heads(record) == [merge.id]
