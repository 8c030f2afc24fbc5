"""Tests for sabt.ledger.event: building, parsing and checking signed events."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from sabt.ledger import (
    HashMismatch,
    InvalidSignature,
    MalformedEvent,
    event_from_dict,
    key_from_seed,
    public_key_hex,
    sign_event,
)
from sabt.ledger.canonical import canonical_bytes

KEY = key_from_seed(b"k" * 32)
RECORD = "6f1c2a9e-1111-4222-8333-944445555666"


def _event(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "type": "note.created",
        "record": RECORD,
        "parents": [],
        "body": {"title": "Darhel", "text": "دره"},
        "at": "2021-09-10T08:00:00Z",
    }
    fields.update(overrides)
    return sign_event(KEY, **fields).to_dict()  # type: ignore[arg-type]  # test input


def test_id_is_sha256_of_canonical_event_without_id_and_sig() -> None:
    event = _event()
    unsigned = {k: v for k, v in event.items() if k not in {"id", "sig"}}
    assert event["id"] == hashlib.sha256(canonical_bytes(unsigned)).hexdigest()


def test_author_is_the_signers_public_key() -> None:
    assert _event()["author"] == public_key_hex(KEY)


def test_round_trips_through_json() -> None:
    event = _event()
    parsed = event_from_dict(json.loads(json.dumps(event)))
    assert parsed.to_dict() == event


def test_parents_are_sorted_and_deduplicated_when_signing() -> None:
    parents = ["b" * 64, "a" * 64, "b" * 64]
    assert _event(parents=parents)["parents"] == ["a" * 64, "b" * 64]


def test_canonical_form_follows_rfc8785_key_order_and_escapes() -> None:
    assert canonical_bytes({"b": 1, "a": "\u00e9\n", "c": 1.0}) == (
        b'{"a":"\xc3\xa9\\n","b":1,"c":1}'
    )


def test_rejects_changed_body() -> None:
    event = _event()
    event["body"] = {"title": "Darhal", "text": "دره"}
    with pytest.raises(HashMismatch, match="id does not match the SHA-256"):
        event_from_dict(event)


def test_rejects_signature_by_another_key_claiming_this_author() -> None:
    forged = sign_event(
        key_from_seed(b"x" * 32),
        type="note.created",
        record=RECORD,
        parents=[],
        body={},
    ).to_dict()
    forged["author"] = public_key_hex(KEY)
    unsigned = {k: v for k, v in forged.items() if k not in {"id", "sig"}}
    forged["id"] = hashlib.sha256(canonical_bytes(unsigned)).hexdigest()
    with pytest.raises(InvalidSignature, match="does not verify for the author's key"):
        event_from_dict(forged)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("v", 2, "unsupported event version 2"),
        ("type", "Note Created", "type must look like 'record_kind.verb'"),
        ("record", "not-a-uuid", "record must be a lowercase UUID"),
        ("record", RECORD.upper(), "record must be a lowercase UUID"),
        ("parents", ["zz"], "parents must be a list of event ids"),
        ("author", "abc", "author must be a hex Ed25519 public key"),
        ("at", "2021-09-10 08:00", "at must be an RFC 3339 UTC time ending in Z"),
        ("body", [], "body must be a JSON object"),
        ("extra", 1, "unknown fields: extra"),
        ("id", "xyz", "id must be 64 lowercase hex digits"),
        ("sig", "", "sig must be 128 lowercase hex digits"),
    ],
)
def test_rejects_malformed_field(field: str, value: object, message: str) -> None:
    event = _event()
    event[field] = value
    with pytest.raises(MalformedEvent, match=message):
        event_from_dict(event)


def test_rejects_unsorted_parents() -> None:
    event = _event(parents=["a" * 64, "b" * 64])
    event["parents"] = ["b" * 64, "a" * 64]
    with pytest.raises(MalformedEvent, match="parents must be sorted and distinct"):
        event_from_dict(event)


def test_rejects_values_json_cannot_carry() -> None:
    with pytest.raises(MalformedEvent, match="not canonical JSON"):
        sign_event(
            KEY,
            type="note.created",
            record=str(uuid.uuid4()),
            parents=[],
            body={"count": float("nan")},
        )


def test_body_is_what_replay_will_read() -> None:
    """Projections see 1.0 as 1 live too, so a rebuild cannot differ."""
    event = sign_event(
        KEY, type="note.created", record=RECORD, parents=[], body={"score": 1.0}
    )
    assert event.body == {"score": 1}
    assert type(event.body["score"]) is int
