"""Tests for the note pages: every write lands in the ledger and the table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.ledger_store.models import LedgerEvent
from sabt.notes.models import Note
from tests.factories import make_note

pytestmark = pytest.mark.django_db


def test_creating_a_note_appends_one_event(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    response = client.post("/notes/", {"title": "Dashtak", "text": "families executed"})
    note = Note.objects.get()
    assert response.headers["Location"] == f"/notes/{note.record}/"
    event = LedgerEvent.objects.get()
    assert (event.record, event.type) == (note.record, "note.created")


def test_blank_title_is_refused_and_nothing_is_appended(
    client: Client, investigator: User
) -> None:
    client.force_login(investigator)
    response = client.post("/notes/", {"title": "   ", "text": "x"})
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert LedgerEvent.objects.count() == 0


def test_colleague_edits_a_note(
    client: Client, investigator: User, colleague: User
) -> None:
    note = make_note(investigator)
    client.force_login(colleague)
    response = client.post(
        f"/notes/{note.record}/", {"title": "Darhel", "text": "checked"}
    )
    assert response.status_code == 302
    assert Note.objects.get().text == "checked"
    assert list(LedgerEvent.objects.values_list("type", flat=True)) == [
        "note.created",
        "note.edited",
    ]


def test_saving_the_same_text_twice_changes_nothing(
    client: Client, investigator: User
) -> None:
    note = make_note(investigator, title="Darhel", text="same")
    client.force_login(investigator)
    client.post(f"/notes/{note.record}/", {"title": "Darhel", "text": "same"})
    assert LedgerEvent.objects.count() == 1


def test_unknown_note_is_404(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    assert client.get("/notes/6f1c2a9e-1111-4222-8333-944445555666/").status_code == 404
