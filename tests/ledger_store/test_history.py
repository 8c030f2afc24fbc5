"""Tests for a record's history as read from the ledger (ledger_store.history)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from sabt.ledger_store.history import history_of
from sabt.ledger_store.models import LedgerEvent
from sabt.records.services import change_status
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def test_every_event_of_the_record_comes_in_log_order(
    investigator: User, colleague: User
) -> None:
    incident = make_incident(investigator)
    make_incident(investigator, title="Another record")
    change_status(
        actor=colleague, incident=incident, status="under_review", reason="Checking"
    )
    history = history_of(incident.record)
    assert [(entry.type, entry.actor) for entry in history] == [
        ("incident.reported", "investigator"),
        ("incident.status_changed", "colleague"),
    ]
    stored = LedgerEvent.objects.filter(record=incident.record).order_by("log_index")
    assert [entry.event_id for entry in history] == [e.event_id for e in stored]


def test_times_are_aware_utc(investigator: User) -> None:
    incident = make_incident(investigator)
    (entry,) = history_of(incident.record)
    assert entry.at.utcoffset() == datetime.timedelta(0)


def test_short_author_is_the_start_of_the_signing_key(investigator: User) -> None:
    incident = make_incident(investigator)
    (entry,) = history_of(incident.record)
    assert len(entry.author) == 64
    assert entry.short_author == entry.author[:12]


def test_a_record_with_no_events_has_no_history() -> None:
    assert history_of("6f1c2a9e-1111-4222-8333-944445555666") == []
