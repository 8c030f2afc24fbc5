"""Who may sign: scenarios of enrolment and revocation, by plain-English name."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sabt.ledger import (
    TrustedAuthors,
    UnknownAuthor,
    key_from_seed,
    key_record,
    public_key_hex,
    sign_event,
)

NODE = key_from_seed(b"n" * 32)
KIT = key_from_seed(b"k" * 32)
STRANGER = key_from_seed(b"s" * 32)


def _event(signer: Any, type: str = "note.created", **body: Any) -> dict[str, Any]:
    record = key_record(body["key"]) if type.startswith("key.") else str(uuid.uuid4())
    return sign_event(signer, type=type, record=record, parents=[], body=body).to_dict()


def _enrol(key: Any = KIT, case: str | None = "panjshir") -> dict[str, Any]:
    return _event(
        NODE,
        "key.trusted",
        key=public_key_hex(key),
        name="kit-1",
        role="field_kit",
        case=case,
    )


def _revoke(key: Any = KIT) -> dict[str, Any]:
    return _event(NODE, "key.revoked", key=public_key_hex(key), reason="seized")


KIT_NOTE = _event(KIT, case="panjshir")
KIT_HEX = public_key_hex(KIT)

SCENARIOS: dict[str, tuple[list[dict[str, Any]], str | None]] = {
    "the node's own events": ([_event(NODE)], None),
    "an unknown key": ([_event(STRANGER)], f"author {public_key_hex(STRANGER)} is not"),
    "an enrolled kit": ([_enrol(), KIT_NOTE], None),
    "a kit writing before its enrolment": ([KIT_NOTE, _enrol()], "is not a trusted"),
    "a revoked kit": ([_enrol(), _revoke(), KIT_NOTE], "was revoked by event"),
    "a kit before and after revocation": (
        [_enrol(), KIT_NOTE, _revoke(), _event(KIT, case="panjshir")],
        "was revoked",
    ),
    "a kit writing another case": (
        [_enrol(), _event(KIT, case="kabul")],
        "is enrolled for case panjshir, not kabul",
    ),
    "a kit of no case writes any case": ([_enrol(case=None), KIT_NOTE], None),
    "a kit enrolling another key": (
        [
            _enrol(),
            _event(
                KIT,
                "key.trusted",
                key=public_key_hex(STRANGER),
                name="x",
                role="field_kit",
                case=None,
            ),
        ],
        "may not trust or revoke keys",
    ),
    "a stranger revoking a kit": (
        [_enrol(), _event(STRANGER, "key.revoked", key=KIT_HEX, reason="x")],
        "is not a trusted key",
    ),
    "a key enrolled twice": ([_enrol(), _enrol()], "was enrolled already"),
    "revoking a key never enrolled": ([_revoke()], "is not a trusted key to revoke"),
    "the node revoking itself": (
        [_event(NODE, "key.revoked", key=public_key_hex(NODE), reason="x")],
        "the node's own key cannot be enrolled or revoked",
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name: str) -> None:
    events, refusal = SCENARIOS[name]
    trust = TrustedAuthors(root=public_key_hex(NODE))
    if refusal is None:
        for event in events:
            trust.admit(event)
        return
    with pytest.raises(UnknownAuthor, match=refusal):
        for event in events:
            trust.admit(event)


def test_a_refused_event_changes_nothing() -> None:
    trust = TrustedAuthors(root=public_key_hex(NODE))
    bad = _event(STRANGER, "key.trusted", key=KIT_HEX, name="x", role="field_kit")
    with pytest.raises(UnknownAuthor):
        trust.admit(bad)
    assert not trust.is_trusted(KIT_HEX)
    assert trust.keys == {}


def test_revocation_is_remembered_with_its_event() -> None:
    trust = TrustedAuthors(root=public_key_hex(NODE))
    enrol, revoke = _enrol(), _revoke()
    trust.admit(enrol)
    assert trust.is_trusted(KIT_HEX)
    trust.admit(revoke)
    assert not trust.is_trusted(KIT_HEX)
    assert trust.keys[KIT_HEX].trusted_by == enrol["id"]
    assert trust.keys[KIT_HEX].revoked_by == revoke["id"]
