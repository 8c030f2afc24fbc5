"""Tests for ``sabt verify`` against a ledger tampered with behind its back."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

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


def _insert_forged_statement(actor: User, key: SigningKey) -> LedgerEvent:
    """The insider's attack: a well-signed event by a key the node never
    trusted, written straight into the table at the next log index."""
    events = _history(actor)
    forged = sign_event(
        key,
        type="note.edited",
        record=events[4].record,
        parents=[events[4].event_id],
        body={"actor": "mallory", "title": "Anaba", "text": "nothing happened"},
    )
    return LedgerEvent.objects.create(
        log_index=len(events),
        event_id=forged.id,
        record=forged.record,
        type=forged.type,
        parents=" ".join(forged.parents),
        author=forged.author,
        at=forged.at,
        payload=forged.canonical_payload().decode(),
        sig=forged.sig,
    )


def test_an_event_by_an_untrusted_key_fails_verify(
    investigator: User, device_key: SigningKey
) -> None:
    forged = _insert_forged_statement(investigator, device_key)
    code, out, err = run_command("verify")
    assert code == 1
    assert out == (
        f"log index 5, record {forged.record}, event {forged.event_id}: "
        f"untrusted author: author {forged.author} is not a trusted key of this log\n"
    )
    assert err == "ledger NOT intact: 1 problem(s) in 6 events\n"


def test_rebuild_and_export_refuse_an_untrusted_author(
    investigator: User, device_key: SigningKey, tmp_path: Path
) -> None:
    from sabt.bundles.writer import BundleError, export_incidents  # noqa: PLC0415
    from sabt.notes.models import Note  # noqa: PLC0415

    forged = _insert_forged_statement(investigator, device_key)
    code, _, err = run_command("rebuild")
    assert code == 1
    assert err == "rebuild refused: the ledger is not intact; run sabt verify\n"
    assert not Note.objects.filter(text="nothing happened").exists()
    with pytest.raises(BundleError, match=f"untrusted author: author {forged.author}"):
        export_incidents(
            [forged.record],
            to=tmp_path / "out",
            exported_by="investigator",
            reason="court",
        )
    assert not (tmp_path / "out").exists()


def test_a_revoked_kit_inserted_after_its_revocation_fails_verify(
    investigator: User, enrolled_device_key: SigningKey
) -> None:
    from sabt.ledger_store.trusted_keys import revoke_key  # noqa: PLC0415

    revoke_key(key=public_key_hex(enrolled_device_key), reason="seized")
    revocation = LedgerEvent.objects.get(type="key.revoked")
    forged = _insert_forged_statement(investigator, enrolled_device_key)
    code, out, _ = run_command("verify")
    assert code == 1
    assert out == (
        f"log index {forged.log_index}, record {forged.record}, event "
        f"{forged.event_id}: untrusted author: author {forged.author} (kit-1) "
        f"was revoked by event {revocation.event_id}; its later events are refused\n"
    )


def test_a_truncated_tail_is_caught_by_verify_alone(investigator: User) -> None:
    _history(investigator)
    assert run_command("checkpoint")[0] == 0
    LedgerEvent.objects.filter(log_index__gte=3).delete()
    code, out, err = run_command("verify")
    assert code == 1
    assert out == (
        "the latest stored checkpoint (size 5): the log has only 3 of the 5 "
        "events the checkpoint signed: events were removed\n"
    )
    assert err == "ledger NOT intact: 1 problem(s) in 3 events\n"


def test_the_copy_outside_the_database_catches_deleted_checkpoints_too(
    investigator: User, django_capture_on_commit_callbacks: Any
) -> None:
    from sabt.ledger_store.merkle_log import (  # noqa: PLC0415
        checkpoint_copy_path,
        issue_checkpoint,
    )
    from sabt.ledger_store.models import Checkpoint  # noqa: PLC0415

    _history(investigator)
    with django_capture_on_commit_callbacks(execute=True):
        issue_checkpoint()
    Checkpoint.objects.all().delete()
    LedgerEvent.objects.filter(log_index=4).delete()
    code, out, _ = run_command("verify")
    assert code == 1
    assert out == (
        f"the checkpoint copy {checkpoint_copy_path()} (size 5): the log has only "
        "4 of the 5 events the checkpoint signed: events were removed\n"
    )


def test_reordered_events_are_caught_against_the_checkpoint(
    investigator: User,
) -> None:
    _history(investigator)
    assert run_command("checkpoint")[0] == 0
    # Swap two independent records' events: each still verifies on its own.
    with connection.cursor() as cursor:
        for old, new in ((1, 100), (4, 1), (100, 4)):
            cursor.execute(
                f"UPDATE {TABLE} SET log_index = %s WHERE log_index = %s",  # noqa: S608
                [new, old],
            )
    code, out, _ = run_command("verify")
    assert code == 1
    assert out.splitlines()[-1].startswith(
        "the latest stored checkpoint (size 5): history was rewritten: the first "
        "5 events no longer hash to the root the checkpoint signed"
    )
