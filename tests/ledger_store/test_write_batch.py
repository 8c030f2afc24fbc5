"""A write batch holds appends and row writes, yet everyone reads what was written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from sabt.ledger_store import fast_rows, write_batch
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import verify_ledger
from sabt.ledger_store.store import OrmEventStore
from sabt.notes.models import Note, NoteRevision
from sabt.notes.services import create_note, edit_note
from tests.factories import make_note

pytestmark = pytest.mark.django_db


def log_indexes() -> list[int]:
    return list(LedgerEvent.objects.values_list("log_index", flat=True))


def test_a_batch_lands_what_each_call_returned(investigator: User) -> None:
    make_note(investigator, title="Before the batch")
    returned = []
    with write_batch.batch():
        for village in ("Darhel", "Anaba", "Bazarak"):
            note = create_note(actor=investigator, title=village, text="Shots.")
            for day in range(10, 14):
                text = f"Shots, {day} September."
                note = edit_note(
                    actor=investigator, note=note, title=village, text=text
                )
            returned.append(note)

    assert log_indexes() == list(range(16))
    assert verify_ledger() == []
    for note in returned:
        stored = Note.objects.get(pk=note.record)
        assert (stored.title, stored.text) == (note.title, "Shots, 13 September.")
        assert stored.heads == note.heads
        assert len(stored.heads) == 1
        assert stored.heads == OrmEventStore().heads(note.record)
        revisions = NoteRevision.objects.filter(note=note.record).order_by("at")
        assert [r.text for r in revisions][-1] == "Shots, 13 September."
        assert revisions.count() == 5


def test_queries_inside_a_batch_see_its_held_rows(investigator: User) -> None:
    with write_batch.batch():
        note = make_note(investigator, title="Dashtak")
        assert Note.objects.filter(title="Dashtak").count() == 1
        assert LedgerEvent.objects.filter(record=note.record).count() == 1
        edit_note(actor=investigator, note=note, title="Dashtak", text="Two shot.")
        assert Note.objects.get(pk=note.record).text == "Two shot."
        assert NoteRevision.objects.filter(note=note.record).count() == 2


def test_a_note_written_before_the_batch_is_edited_inside_it(
    investigator: User,
) -> None:
    note = make_note(investigator, title="Khenj")
    with write_batch.batch():
        edited = edit_note(actor=investigator, note=note, title="Khenj", text="Burnt.")
        again = edit_note(actor=investigator, note=edited, title="Khenj", text="Ash.")
    stored = Note.objects.get(pk=note.record)
    assert stored.text == "Ash."
    assert stored.heads == again.heads == OrmEventStore().heads(note.record)
    assert verify_ledger() == []


def test_a_savepoint_rolled_back_inside_a_batch_leaves_no_trace(
    investigator: User,
) -> None:
    with write_batch.batch():
        kept = make_note(investigator, title="Kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            dropped = make_note(investigator, title="Dropped")
            edit_note(actor=investigator, note=kept, title="Kept", text="undone")
            raise RuntimeError("the caller changed its mind")
        after = edit_note(actor=investigator, note=kept, title="Kept", text="Kept.")

    assert not Note.objects.filter(pk=dropped.record).exists()
    assert log_indexes() == [0, 1]
    assert Note.objects.get(pk=kept.record).heads == after.heads
    assert NoteRevision.objects.filter(note=kept.record).count() == 2
    assert verify_ledger() == []


def test_a_held_write_that_fails_rolls_the_whole_batch_back(
    investigator: User,
) -> None:
    make_note(investigator, title="Before")
    with pytest.raises(IntegrityError), write_batch.batch():
        note = make_note(investigator, title="Lost")
        # The revision's key is taken: the database refuses it when sent.
        fast_rows.insert(
            NoteRevision,
            event_id=note.heads[0],
            note=note.record,
            title="again",
            text="",
            actor="x",
            author="ab" * 32,
            at="2021-09-10T06:00:00Z",
        )
    assert list(Note.objects.values_list("title", flat=True)) == ["Before"]
    assert log_indexes() == [0]
