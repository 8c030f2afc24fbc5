"""Signed checkpoints, and ``sabt prove-consistency`` against a rewritten log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from sabt.ledger import sign_event
from sabt.ledger.checkpoint import verify_checkpoint
from sabt.ledger_store.merkle_log import log_origin, log_tree
from sabt.ledger_store.models import Checkpoint, LedgerEvent
from sabt.ledger_store.node import node_key
from tests.factories import make_note
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


def checkpoint_now(tmp_path: Path, name: str = "checkpoint.txt") -> Path:
    path = tmp_path / name
    code, out, _ = run_command("checkpoint", "--out", str(path))
    assert code == 0
    assert path.read_text(encoding="utf-8") == out
    return path


def test_a_checkpoint_signs_the_size_and_root_of_the_log(
    investigator: User, tmp_path: Path
) -> None:
    for village in ("Darhel", "Parian", "Anaba"):
        make_note(investigator, title=village)

    note = checkpoint_now(tmp_path).read_text(encoding="utf-8")

    signed = verify_checkpoint(note, log_origin(), node_key().verify_key)
    assert (signed.origin, signed.size) == (log_origin(), 3)
    assert signed.root == log_tree().root()
    assert Checkpoint.objects.get(size=3).note == note


def test_a_log_that_only_grew_is_consistent_with_an_old_checkpoint(
    investigator: User, tmp_path: Path
) -> None:
    make_note(investigator, title="Darhel")
    make_note(investigator, title="Parian")
    old = checkpoint_now(tmp_path)
    make_note(investigator, title="Anaba")

    code, out, _ = run_command("prove-consistency", str(old))

    assert code == 0
    assert out.startswith(
        "consistent: the log grew from 2 to 3 events without changing any earlier one\n"
        "proof from 2 to 3:\n"
    )


def test_an_event_edited_and_re_signed_after_a_checkpoint_is_caught(
    investigator: User, tmp_path: Path
) -> None:
    make_note(investigator, title="Darhel", text="old and young shot")
    make_note(investigator, title="Parian")
    old = checkpoint_now(tmp_path)
    # Rewrite the first event as someone holding the node key could: a new
    # body, a new id, a valid signature. Every event still verifies alone.
    row = LedgerEvent.objects.get(log_index=0)
    unsigned = json.loads(row.payload)
    unsigned["body"]["text"] = "nothing happened"
    forged = sign_event(
        node_key(),
        type=unsigned["type"],
        record=unsigned["record"],
        parents=unsigned["parents"],
        body=unsigned["body"],
        at=unsigned["at"],
    )
    LedgerEvent.objects.filter(log_index=0).update(
        event_id=forged.id,
        payload=forged.canonical_payload().decode("utf-8"),
        sig=forged.sig,
    )
    # The checkpoint the node stored catches it even without the old note.
    code, out, _ = run_command("verify")
    assert code == 1
    assert "the latest stored checkpoint (size 2): history was rewritten" in out

    code, _, err = run_command("prove-consistency", str(old))

    assert code == 1
    assert err.startswith(
        "history was rewritten: the first 2 events no longer hash to the root "
        "the checkpoint signed"
    )


def test_events_removed_after_a_checkpoint_are_caught(
    investigator: User, tmp_path: Path
) -> None:
    make_note(investigator, title="Darhel")
    make_note(investigator, title="Parian")
    old = checkpoint_now(tmp_path)
    LedgerEvent.objects.filter(log_index=1).delete()

    code, _, err = run_command("prove-consistency", str(old))

    assert code == 1
    assert err == (
        "the log has only 1 of the 2 events the checkpoint signed: "
        "events were removed\n"
    )


def test_a_checkpoint_not_signed_by_this_node_is_refused(
    investigator: User, tmp_path: Path
) -> None:
    make_note(investigator, title="Darhel")
    old = checkpoint_now(tmp_path)
    forged = tmp_path / "forged.txt"
    forged.write_text(old.read_text().replace("\n1\n", "\n5\n", 1), encoding="utf-8")

    with pytest.raises(CommandError, match="not a checkpoint of this log"):
        run_command("prove-consistency", str(forged))
