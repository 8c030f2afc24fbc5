"""Test data made through the real services, so every row has its signed event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from sabt.notes.models import Note
from sabt.notes.services import create_note
from sabt.records import services
from sabt.records.models import Incident, Source, Statement


def make_note(actor: User, **overrides: Any) -> Note:
    fields = {"title": "Darhel, 10 September", "text": "Shots after a gunshot."}
    fields.update(overrides)
    return create_note(actor=actor, **fields)


def make_source(actor: User, **overrides: Any) -> Source:
    fields: dict[str, Any] = {"kind": "witness", "pseudonym": "Ahmar"}
    fields.update(overrides)
    return services.register_source(actor=actor, **fields)


def make_incident(actor: User, **overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "title": "Darhel: old and young shot after a gunshot",
        "event_type": "violence_against_civilians",
        "sub_event_type": "attack",
        "date_from": "2021-09-10",
        "date_precision": "day",
        "places": [{"name": "Darhel", "keep_unresolved": True}],
        "perpetrator": "Taliban (alleged)",
    }
    fields.update(overrides)
    return services.report_incident(actor=actor, **fields)


def make_statement(
    actor: User, *, source: Source, incident: Incident, **overrides: Any
) -> Statement:
    fields: dict[str, Any] = {
        "text": "They shot the old and the young.",
        "language": "en",
        "stance": "alleges",
        "incidents": [incident.record],
    }
    fields.update(overrides)
    return services.record_statement(actor=actor, source=source.record, **fields)
