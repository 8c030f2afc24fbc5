"""The write path of the documentation domain: validate, then sign an event.

Every function takes the acting user first, raises ValidationError naming each
bad field before anything is appended, and returns the projected row. Passing
``record`` makes a call idempotent: if that record exists, it is returned as is.
"""

from __future__ import annotations

from sabt.records.services.acts import record_act
from sabt.records.services.conflicts import resolve_conflict
from sabt.records.services.incidents import report_incident, resolve_incident_place
from sabt.records.services.people import record_person, record_person_status
from sabt.records.services.sources import record_consent, register_source
from sabt.records.services.statements import (
    record_statement,
    record_statement_by_new_source,
)
from sabt.records.services.verification import change_status

__all__ = [
    "change_status",
    "record_act",
    "record_consent",
    "record_person",
    "record_person_status",
    "record_statement",
    "record_statement_by_new_source",
    "register_source",
    "report_incident",
    "resolve_conflict",
    "resolve_incident_place",
]
