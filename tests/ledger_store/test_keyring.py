"""Tests for sabt.ledger_store.keyring and ``sabt shred``: subjects' data keys,
sealing and opening with them, and destroying them.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from nacl.public import PrivateKey

from sabt.ledger.sealing import CannotOpen, generate_org_key, open_value
from sabt.ledger_store.keyring import (
    SubjectShredded,
    UnknownSubject,
    data_key_for,
    is_shredded,
    open_field,
    seal_fields,
    shred,
)
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.rebuild import rebuild_projections
from tests.database_bytes import database_bytes, database_files
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
