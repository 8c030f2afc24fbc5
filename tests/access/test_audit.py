"""The read audit: signed events, projected rows, search words sealed."""

from __future__ import annotations

import datetime

import pytest

from sabt.access.audit import audit_record, entries, query_of, record_read
from sabt.access.models import ReadAudit
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger

pytestmark = pytest.mark.django_db

SOURCE = "0b6f2a9e-1111-4222-8333-944445555666"


def test_a_revealed_field_is_a_signed_event_and_a_row() -> None:
    event = record_read(
        username="nasrin", action="revealed", target=SOURCE,
        target_type="source", detail="real_name",
    )  # fmt: skip

    row = ReadAudit.objects.get()
    assert row.event_id == event.id
    assert (row.actor, row.action, row.target, row.detail) == (
        "nasrin", "revealed", SOURCE, "real_name",
    )  # fmt: skip
    assert row.address == "command line"
    assert LedgerEvent.objects.get(event_id=event.id).type == "audit.read"
    assert verify_ledger() == []


def test_search_words_are_sealed_in_the_ledger_and_open_for_the_audit() -> None:
    record_read(username="farid", action="searched", query="Zarghuna Parian")

    [event] = LedgerEvent.objects.filter(type="audit.read")
    assert "Zarghuna" not in event.payload
    assert query_of(ReadAudit.objects.get()) == "Zarghuna Parian"


def test_one_users_reads_of_a_day_share_one_chain() -> None:
    first = record_read(username="farid", action="searched", query="a")
    second = record_read(username="farid", action="searched", query="b")
    other = record_read(username="nasrin", action="searched", query="c")
    assert first.record == second.record != other.record
    assert list(second.parents) == [first.id]
    today = datetime.datetime.now(datetime.UTC).date()
    assert first.record == audit_record("farid", today)


def test_entries_filter_by_actor_action_and_target() -> None:
    record_read(username="farid", action="searched", query="x")
    record_read(username="farid", action="revealed", target=SOURCE, detail="contact")
    record_read(username="nasrin", action="exported", detail="bundle for the court")
    assert entries(actor="farid").count() == 2
    assert [e.actor for e in entries(action="exported")] == ["nasrin"]
    assert [e.detail for e in entries(target=SOURCE)] == ["contact"]


def test_an_unknown_action_is_refused_and_nothing_is_recorded() -> None:
    with pytest.raises(ValueError, match="unknown audited action 'peeked'"):
        record_read(username="farid", action="peeked")
    assert not LedgerEvent.objects.exists()


def test_rebuild_gives_back_the_audit() -> None:
    record_read(username="farid", action="searched", query="Khenj")
    before = list(ReadAudit.objects.values())
    rebuild_projections()
    assert list(ReadAudit.objects.values()) == before
