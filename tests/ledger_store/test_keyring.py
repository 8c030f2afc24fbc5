"""Tests for sabt.ledger_store.keyring and ``sabt shred``: subjects' data keys,
sealing and opening with them, and destroying them with the search words
that name their subjects.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from nacl.public import PrivateKey

from sabt.access.audit import audit_record, query_of, record_read
from sabt.access.models import ReadAudit
from sabt.ledger.sealing import CannotOpen, generate_org_key, open_value
from sabt.ledger_store import org_key as org_key_store
from sabt.ledger_store.keyring import (
    SubjectShredded,
    UnknownSubject,
    data_key_for,
    is_shredded,
    open_field,
    seal_fields,
    shred,
    wal_retention,
)
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.ledger_store.recording import record_event
from tests.conftest import ORG_PASSPHRASE
from tests.database_bytes import database_bytes, database_files
from tests.factories import make_source
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

SUBJECT = "3e0d5c1a-7b2f-4e8d-9a6c-5b4f3e2d1c0b"
NAME = "Zarghuna Panjshiri"


def wrapped_key_of(subject: str) -> bytes | None:
    row = SubjectKey.objects.get(pk=subject)
    return None if row.wrapped_key is None else bytes(row.wrapped_key)


def pieces_of(wrapped: bytes) -> set[bytes]:
    """Every 6-byte run of the key, raw and in hex: a freed row is overwritten
    in part by the row that replaces it, and may leave pieces of the key.
    """
    runs = {wrapped[i : i + 6] for i in range(len(wrapped) - 5)}
    return runs | {run.hex().encode() for run in runs}


def pieces_found(wrapped: bytes, haystack: bytes) -> set[bytes]:
    return {piece for piece in pieces_of(wrapped) if piece in haystack}


def test_a_new_subject_gets_a_key_stored_only_wrapped(org_key: PrivateKey) -> None:
    data_key = data_key_for(SUBJECT, create=True)
    wrapped = wrapped_key_of(SUBJECT)
    assert wrapped is not None
    assert data_key not in wrapped
    assert data_key_for(SUBJECT, create=False) == data_key


def test_an_unknown_subject_has_no_key_unless_asked_to_make_one() -> None:
    with pytest.raises(UnknownSubject, match=f"no data key for subject {SUBJECT}"):
        data_key_for(SUBJECT, create=False)
    assert not SubjectKey.objects.exists()


def test_sealed_fields_open_with_the_organisation_key(org_key: PrivateKey) -> None:
    sealed = seal_fields(SUBJECT, {"real_name": NAME, "contact": ""})
    assert list(sealed) == ["real_name"]
    assert NAME not in sealed["real_name"]
    assert open_field(SUBJECT, "real_name", sealed["real_name"], org_key) == NAME


def test_nothing_to_seal_makes_no_key() -> None:
    assert seal_fields(SUBJECT, {"real_name": "", "contact": ""}) == {}
    assert not SubjectKey.objects.exists()


def test_another_organisation_key_cannot_open_a_field() -> None:
    sealed = seal_fields(SUBJECT, {"real_name": NAME})
    with pytest.raises(CannotOpen, match="wrapped to another key"):
        open_field(SUBJECT, "real_name", sealed["real_name"], generate_org_key())


def test_shredding_records_who_when_and_why(org_key: PrivateKey) -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    done = shred(SUBJECT, actor="investigator", reason="the witness asked")
    row = SubjectKey.objects.get(pk=SUBJECT)
    assert row.wrapped_key is None
    assert (row.shredded_at, row.shredded_by) == (done.at, "investigator")
    event = LedgerEvent.objects.get(event_id=done.event_id)
    assert (event.type, event.record) == ("subject.shredded", SUBJECT)
    assert '"reason":"the witness asked"' in event.payload
    assert is_shredded(SUBJECT) is True


def test_a_shredded_field_opens_as_none(org_key: PrivateKey) -> None:
    sealed = seal_fields(SUBJECT, {"real_name": NAME})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    assert open_field(SUBJECT, "real_name", sealed["real_name"], org_key) is None


def test_a_shredded_subject_gets_no_new_sealed_fields() -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    with pytest.raises(SubjectShredded, match="was destroyed"):
        seal_fields(SUBJECT, {"contact": "+93 700 123 456"})


def test_no_remaining_key_opens_a_shredded_field(org_key: PrivateKey) -> None:
    """Every other subject's key is tried on the shredded token: none opens it."""
    sealed = seal_fields(SUBJECT, {"real_name": NAME})
    others = [str(uuid.uuid4()) for _ in range(3)]
    for other in others:
        seal_fields(other, {"real_name": "someone else"})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    for other in others:
        key = data_key_for(other, create=False)
        with pytest.raises(CannotOpen):
            open_value(key, sealed["real_name"], subject=SUBJECT, field="real_name")


def test_shredding_changes_no_projection_on_rebuild() -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
    assert is_shredded(SUBJECT) is True


def test_shred_command_says_what_it_destroyed() -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    code, out, err = run_command(
        "shred", SUBJECT, "--by", "investigator", "--reason", "the witness asked"
    )
    assert (code, err) == (0, "")
    row = SubjectKey.objects.get(pk=SUBJECT)
    on = f"{row.shredded_at:%Y-%m-%d %H:%M} UTC"
    assert out.startswith(f"identity of {SUBJECT} destroyed on {on} by investigator")


def test_shred_command_refuses_an_unknown_subject() -> None:
    code, out, err = run_command("shred", SUBJECT, "--by", "me", "--reason", "why")
    assert (code, out) == (1, "")
    assert err == f"nothing destroyed: no data key for subject {SUBJECT}\n"
    assert not LedgerEvent.objects.exists()


def test_shred_command_refuses_what_is_not_a_record_id() -> None:
    code, _, err = run_command("shred", "Zarghuna", "--by", "me", "--reason", "why")
    assert code == 1
    assert "is not a record id" in err


def test_shred_command_refuses_to_shred_twice() -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    code, _, err = run_command("shred", SUBJECT, "--by", "colleague", "--reason", "x")
    assert code == 1
    assert "was destroyed already, on " in err
    assert err.endswith(" by investigator\n")
    assert LedgerEvent.objects.filter(type="subject.shredded").count() == 1


def test_verify_passes_after_shredding() -> None:
    seal_fields(SUBJECT, {"real_name": NAME})
    shred(SUBJECT, actor="investigator", reason="the witness asked")
    code, out, _ = run_command("verify")
    assert (code, out) == (0, "ledger intact: 1 events verified\n")


@pytest.mark.django_db(transaction=True)
def test_the_wrapped_key_leaves_the_database_files() -> None:
    """After shredding, neither the database file nor its log (SQLite), nor a
    dump (PostgreSQL), holds the wrapped key's bytes.
    """
    seal_fields(SUBJECT, {"real_name": NAME})
    for _ in range(20):  # neighbours on the same page, written after it
        seal_fields(str(uuid.uuid4()), {"real_name": "someone else"})
    wrapped = wrapped_key_of(SUBJECT)
    assert wrapped is not None
    # Stored whole, raw (SQLite) or in hex (pg_dump): every run is found.
    assert len(pieces_found(wrapped, database_bytes())) >= len(wrapped) - 5
    # A short name: the shorter the row that replaces the key's, the more of
    # the freed row it leaves as it was.
    done = shred(SUBJECT, actor="me", reason="the witness asked")
    assert done.purged is True
    assert pieces_found(wrapped, database_bytes()) == set()
    if connection.vendor == "sqlite":
        wal = [p for p in database_files() if p.name.endswith("-wal")]
        assert all(p.stat().st_size == 0 for p in wal)


def test_shred_command_refuses_while_the_organisation_key_is_locked() -> None:
    """The key is needed to find the searches naming the subject: without it
    nothing is destroyed, rather than leaving their words behind.
    """
    seal_fields(SUBJECT, {"real_name": NAME})
    org_key_store.forget()
    code, out, err = run_command("shred", SUBJECT, "--by", "me", "--reason", "why")
    assert (code, out) == (1, "")
    assert err == (
        "nothing destroyed: the organisation's key is locked: start the server "
        "with sabt serve or set SABT_ORG_PASSPHRASE\n"
    )
    org_key_store.unlock(ORG_PASSPHRASE)
    assert wrapped_key_of(SUBJECT) is not None
    assert not LedgerEvent.objects.filter(type="subject.shredded").exists()


def source_named(actor: User, name: str, contact: str = "") -> str:
    """A source whose identity is sealed in its event, as shred reads it."""
    return str(make_source(actor, real_name=name, contact=contact).pk)


def test_shred_destroys_the_search_words_naming_the_subject(
    investigator: User,
) -> None:
    subject = source_named(investigator, NAME, "+93 700 123 456")
    record_read(username="farid", action="searched", query="zarghuna")
    record_read(username="farid", action="searched", query="۰۷۰۰ ۱۲۳ ۴۵۶")
    record_read(username="farid", action="searched", query="Parian")
    done = shred(subject, actor="investigator", reason="the witness asked")
    assert len(done.destroyed_with) == 2
    words = sorted(str(query_of(row)) for row in ReadAudit.objects.all())
    assert words == ["None", "None", "Parian"]
    assert all(is_shredded(key) for key in done.destroyed_with)


def test_a_search_sealed_under_its_day_key_is_destroyed_with_that_day(
    investigator: User,
) -> None:
    """Searches recorded before each had a key of its own share their user's
    day key: a search naming the subject takes that day's words with it.
    """
    subject = source_named(investigator, NAME)
    day = audit_record("farid", datetime.datetime.now(datetime.UTC).date())
    for words in ("Zarghuna", "Khenj"):
        sealed = seal_fields(day, {"query": words})
        record_event(
            type="audit.read",
            record=day,
            body={
                "actor": "farid", "action": "searched", "target": "",
                "target_type": "incident", "detail": "", "address": "",
                "sealed": sealed,
            },
        )  # fmt: skip
    done = shred(subject, actor="investigator", reason="the witness asked")
    assert done.destroyed_with == (day,)
    assert [query_of(row) for row in ReadAudit.objects.all()] == [None, None]


def test_rebuild_keeps_the_search_words_destroyed(investigator: User) -> None:
    subject = source_named(investigator, NAME)
    record_read(username="farid", action="searched", query="Zarghuna Parian")
    shred(subject, actor="investigator", reason="the witness asked")
    before = list(ReadAudit.objects.values())
    assert before[0]["query_destroyed_with"] == subject
    rebuild_projections()
    assert list(ReadAudit.objects.values()) == before


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_test_server_keeps_no_old_wal_segment() -> None:
    """What scripts/with-postgres.sh sets, as README asks of a team's server."""
    assert wal_retention() == []
