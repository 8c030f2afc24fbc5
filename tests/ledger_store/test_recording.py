"""Tests for sabt.ledger_store.recording: the one write path."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from nacl.signing import SigningKey

from sabt.ledger import (
    Event,
    InvalidSignature,
    UnknownAuthor,
    public_key_hex,
    sign_event,
)
from sabt.ledger.event import digest_hex
from sabt.ledger_store import projection
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.projection import Projector
from sabt.ledger_store.recording import ingest_event, record_event
from sabt.ledger_store.trusted_keys import revoke_key
from sabt.notes.models import Note
from tests.factories import make_note
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


def test_event_and_projection_land_together(investigator: User) -> None:
    note = make_note(investigator, title="Dashtak")
    stored = LedgerEvent.objects.get()
    assert stored.record == note.record
    assert stored.type == "note.created"
    assert note.heads == [stored.event_id]


@pytest.fixture
def broken_projector(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(event: object) -> None:
        raise RuntimeError("projector broke")

    broken = Projector(prefix="test.", apply=explode, models=[])
    monkeypatch.setitem(projection._projectors, broken.prefix, broken)


# These two commit for real: the test's own transaction would hide the rollback.


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broken_projector")
def test_a_failing_projector_rolls_the_append_back() -> None:
    with pytest.raises(RuntimeError, match="projector broke"):
        record_event(type="test.exploded", record=str(uuid.uuid4()), body={})
    assert LedgerEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broken_projector")
def test_a_failure_inside_a_batch_rolls_the_whole_batch_back(
    investigator: User,
) -> None:
    with pytest.raises(RuntimeError, match="projector broke"), transaction.atomic():
        make_note(investigator, title="Saricha")
        record_event(type="test.exploded", record=str(uuid.uuid4()), body={})
    assert LedgerEvent.objects.count() == 0
    assert not Note.objects.exists()


def test_ingesting_the_same_event_twice_changes_nothing(
    enrolled_device_key: SigningKey,
) -> None:
    event = sign_event(
        enrolled_device_key,
        type="note.created",
        record=str(uuid.uuid4()),
        parents=[],
        body={"actor": "kit", "title": "Umarz", "text": ""},
    )
    assert ingest_event(event) is True
    assert ingest_event(event) is False
    assert LedgerEvent.objects.filter(type="note.created").count() == 1
    assert Note.objects.get().title == "Umarz"


def test_ingest_refuses_an_author_this_log_never_trusted(
    node_key: SigningKey, device_key: SigningKey
) -> None:
    event = sign_event(
        device_key,
        type="note.created",
        record=str(uuid.uuid4()),
        parents=[],
        body={"actor": "kit", "title": "Umarz", "text": ""},
    )
    with pytest.raises(UnknownAuthor, match=f"author {event.author} is not a trusted"):
        ingest_event(event)
    assert LedgerEvent.objects.count() == 0
    assert Note.objects.count() == 0


def test_ingest_refuses_a_revoked_kit_but_keeps_its_earlier_work(
    enrolled_device_key: SigningKey,
) -> None:
    def note(title: str) -> Event:
        return sign_event(
            enrolled_device_key,
            type="note.created",
            record=str(uuid.uuid4()),
            parents=[],
            body={"actor": "kit", "title": title, "text": ""},
        )

    assert ingest_event(note("Parian")) is True
    revoke_key(key=public_key_hex(enrolled_device_key), reason="seized at a checkpoint")
    with pytest.raises(UnknownAuthor, match=r"\(kit-1\) was revoked by event"):
        ingest_event(note("Dashtak"))
    assert list(Note.objects.values_list("title", flat=True)) == ["Parian"]
    code, out, _ = run_command("verify")
    assert code == 0, out


def test_ingest_rejects_a_forged_author_and_stores_nothing(
    node_key: SigningKey, device_key: SigningKey
) -> None:
    honest = sign_event(
        device_key,
        type="note.created",
        record=str(uuid.uuid4()),
        parents=[],
        body={"actor": "kit", "title": "Umarz", "text": ""},
    )
    claimed = dataclasses.replace(honest, author=public_key_hex(node_key), payload=b"")
    forged = dataclasses.replace(claimed, id=digest_hex(claimed.canonical_payload()))
    with pytest.raises(InvalidSignature, match="does not verify for the author's key"):
        ingest_event(forged)
    assert LedgerEvent.objects.count() == 0
    assert Note.objects.count() == 0


def test_the_stores_sql_names_the_models_table() -> None:
    from sabt.ledger_store.store import TABLE  # noqa: PLC0415

    assert LedgerEvent._meta.db_table == TABLE
