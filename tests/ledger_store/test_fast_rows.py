"""The quick row helpers read and write exactly what the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import models

from sabt.ledger_store import fast_rows
from sabt.notes.models import Note, NoteRevision
from sabt.records.models import Incident, IncidentPlace
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def field_values(row: models.Model) -> dict[str, object]:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def test_a_row_inserted_here_reads_back_through_the_orm() -> None:
    fast_rows.insert(
        Note,
        record="n-1",
        title="Darhel",
        text="Shots after a gunshot.",
        created_by="amina",
        created_at="2021-09-10T06:00:00Z",
        updated_at="2021-09-10T06:00:00Z",
        heads=["e1", "e2"],
        case="default",
    )
    fast_rows.insert(
        NoteRevision,
        event_id="e2",
        note="n-1",
        title="Darhel",
        text="",
        actor="amina",
        author="ab" * 32,
        at="2021-09-10T06:00:00Z",
    )

    note = Note.objects.get(pk="n-1")
    assert note.heads == ["e1", "e2"]
    assert note.is_in_conflict
    assert [r.event_id for r in note.revisions.all()] == ["e2"]


def test_an_update_changes_only_the_named_fields_of_that_row() -> None:
    for record in ("n-1", "n-2"):
        Note.objects.create(
            record=record,
            title="Anaba",
            created_by="amina",
            created_at="a",
            updated_at="a",
            heads=["e1"],
        )

    changed = fast_rows.update(Note, "n-1", title="Anaba, 8 September", heads=["e3"])

    assert changed == 1
    first, second = Note.objects.get(pk="n-1"), Note.objects.get(pk="n-2")
    assert (first.title, first.heads, first.created_by) == (
        "Anaba, 8 September",
        ["e3"],
        "amina",
    )
    assert (second.title, second.heads) == ("Anaba", ["e1"])
    assert fast_rows.update(Note, "no-such-note", title="x") == 0


def test_get_returns_what_the_orm_returns_dates_numbers_json_and_nulls(
    investigator: User,
) -> None:
    incident = make_incident(
        investigator, counts={"killed": (5, None)}, date_to="2021-09-12"
    )
    place = IncidentPlace.objects.get(incident=incident)

    row = fast_rows.get(Incident, incident.pk)
    assert row is not None
    assert field_values(row) == field_values(Incident.objects.get(pk=incident.pk))
    fetched = fast_rows.get(IncidentPlace, place.pk)
    assert fetched is not None
    assert field_values(fetched) == field_values(place)
    assert fetched.date_from == datetime.date(2021, 9, 10)
    assert fetched.candidates == place.candidates


def test_fetch_and_get_of_a_missing_row_give_none() -> None:
    assert fast_rows.fetch(Note, "absent", "heads") is None
    assert fast_rows.get(Note, "absent") is None
