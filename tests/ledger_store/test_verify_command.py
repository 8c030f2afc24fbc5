"""Tests for ``sabt verify`` against a ledger tampered with behind its back."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import User
from django.db import connection
from nacl.signing import SigningKey

from sabt.ledger import public_key_hex, sign_event
from sabt.ledger.event import digest_hex
from sabt.ledger_store.models import LedgerEvent
from tests.factories import make_note
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db

TABLE = LedgerEvent._meta.db_table


def _history(actor: User) -> list[LedgerEvent]:
    """Two notes, one edited twice: five events."""
    from sabt.notes.services import edit_note  # noqa: PLC0415

    darhel = make_note(actor, title="Darhel", text="10 September")
    make_note(actor, title="Parian", text="6 September")
    darhel = edit_note(
        actor=actor, note=darhel, title="Darhel", text="10 Sep, after a shot"
    )
    edit_note(actor=actor, note=darhel, title="Darhel", text="10 Sep 2021")
    make_note(actor, title="Anaba", text="")
    return list(LedgerEvent.objects.order_by("log_index"))


def test_intact_ledger_exits_0(investigator: User) -> None:
    _history(investigator)
    code, out, _ = run_command("verify")
    assert code == 0
    assert out == "ledger intact: 5 events verified\n"


def test_one_changed_byte_names_that_event(investigator: User) -> None:
    events = _history(investigator)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET payload = replace(payload, 'Parian', 'Parion') "  # noqa: S608
            "WHERE log_index = %s",
            [1],
        )
    code, out, err = run_command("verify")
    assert code == 1
    assert out == (
        f"log index 1, record {events[1].record}, event {events[1].event_id}: "
        "bad id: id does not match the SHA-256 of the event\n"
    )
    assert err == "ledger NOT intact: 1 problem(s) in 5 events\n"


def test_deleted_event_names_the_event_whose_parent_is_missing(
    investigator: User,
) -> None:
    events = _history(investigator)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE log_index = %s", [2])  # noqa: S608
    code, out, _ = run_command("verify")
    assert code == 1
    assert out.splitlines() == [
        "log index 2: missing from the log",
        f"log index 3, record {events[3].record}, event {events[3].event_id}: "
        f"missing parent {events[2].event_id}",
    ]


def test_event_signed_by_another_key_claiming_the_node_is_flagged(
    investigator: User, node_key: SigningKey, device_key: SigningKey
) -> None:
    events = _history(investigator)
    honest = sign_event(
        device_key,
        type="note.edited",
        record=events[4].record,
        parents=[events[4].event_id],
        body={"actor": "mallory", "title": "Anaba", "text": "forged"},
    )
    claimed = dataclasses.replace(honest, author=public_key_hex(node_key), payload=b"")
    payload = claimed.canonical_payload()
    LedgerEvent.objects.create(
        log_index=5,
        event_id=digest_hex(payload),
        record=claimed.record,
        type=claimed.type,
        parents=" ".join(claimed.parents),
        author=claimed.author,
        at=claimed.at,
        payload=payload.decode(),
        sig=claimed.sig,
    )
    code, out, _ = run_command("verify")
    assert code == 1
    assert out == (
        f"log index 5, record {claimed.record}, event {digest_hex(payload)}: "
        "bad signature: signature does not verify for the author's key\n"
    )


def test_rebuild_refuses_a_tampered_ledger_and_keeps_the_tables(
    investigator: User,
) -> None:
    _history(investigator)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET sig = replace(sig, sig, %s)", ["0" * 128])  # noqa: S608
    from sabt.notes.models import Note  # noqa: PLC0415

    code, _, err = run_command("rebuild")
    assert code == 1
    assert err == "rebuild refused: the ledger is not intact; run sabt verify\n"
    assert Note.objects.count() == 3
