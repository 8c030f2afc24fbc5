"""Request and response schemas of the REST API.

Inputs mirror the keyword arguments of the services they feed
(``report_incident``, ``record_act``...), so a field named in a 400 answer is
a field here. Vocabulary codes are listed as ``enum`` for clients, and
checked by the services, which say what was expected. Counts and ages are
``{"min": ..., "max": ...}`` with either end open (null).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from sabt.core.validation import MAX_KEY_LENGTH
from sabt.records.services.incidents import MAX_PLACES
from sabt.records.services.people import SEXES
from sabt.records.services.sources import RELIABILITY
from sabt.records.services.statements import LANGUAGES
from sabt.records.vocabularies import (
    Vocabulary,
    act_types,
    date_precisions,
    event_types,
    source_kinds,
    stances,
    sub_event_types,
    verification_statuses,
)

MAX_QUERY_LENGTH = 200
# A page holds at most this many items.
MAX_LIMIT = 200
# Far beyond any real table, and within every database's integer range.
MAX_OFFSET = 1_000_000_000


def _plain_text(value: str) -> str:
    """Refuse what no database column can store: NUL and lone surrogates."""
    if "\x00" in value:
        raise ValueError(_("Text cannot contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(_("Text must be valid Unicode.")) from exc
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Key = Annotated[Text, Field(max_length=MAX_KEY_LENGTH)]


def _codes(vocabulary: Vocabulary, *, blank: bool = False) -> dict[str, Any]:
    codes = vocabulary.codes()
    return {"enum": ["", *codes] if blank else codes}


def _choices(values: tuple[str, ...]) -> dict[str, Any]:
    return {"enum": list(values)}


class Input(Schema):
    """A request body: unknown fields are refused, so a typo is not lost."""

    model_config = ConfigDict(extra="forbid")


# Errors


class ErrorsOut(Schema):
    """What was wrong with a request, as messages per field."""

    errors: dict[str, list[str]]


class DetailOut(Schema):
    """A request that failed as a whole (unknown record, no valid token)."""

    detail: str


# What any operation may answer besides success.
FAILURES: dict[int, type[Schema]] = {400: ErrorsOut, 401: DetailOut, 404: DetailOut}


# Shared


class Range(Input):
    """A count or age as a range; either end may be open (null)."""

    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class Counts(Input):
    """How many people were killed, injured, detained and displaced."""

    killed: Range = Range()
    injured: Range = Range()
    detained: Range = Range()
    displaced: Range = Range()


class Page(Schema):
    """Paging for every list: ``limit`` items from ``offset``."""

    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


# Incidents


class IncidentPlaceIn(Input):
    """A place by gazetteer key, or a name (with a district as context).

    A name that matches nothing is refused unless ``keep_unresolved``.
    """

    place: Key = ""
    name: Text = ""
    district: Text = ""
    keep_unresolved: bool = False


class IncidentIn(Input):
    """The arguments of ``report_incident``."""

    title: Text
    event_type: Text = Field(json_schema_extra=_codes(event_types()))
    date_from: datetime.date
    date_precision: Text = Field(
        default="day", json_schema_extra=_codes(date_precisions())
    )
    date_to: datetime.date | None = None
    sub_event_type: Text = Field(
        "", json_schema_extra=_codes(sub_event_types(), blank=True)
    )
    description: Text = ""
    places: list[IncidentPlaceIn] = Field(default=[], max_length=MAX_PLACES)
    counts: Counts = Counts()
    perpetrator: Text = ""
    case: Text | None = Field(
        default=None,
        description="The case the record goes into; by default the caller's own.",
    )
    record: uuid.UUID | None = None


class StatusIn(Input):
    """The arguments of ``change_status``."""

    status: Text = Field(json_schema_extra=_codes(verification_statuses()))
    reason: Text


class ActIn(Input):
    """The arguments of ``record_act``; the incident is in the path."""

    act_type: Text = Field(json_schema_extra=_codes(act_types()))
    victim: Key = ""
    victim_group: Text = ""
    victim_count: Range = Range()
    victims_are_children: bool = False
    perpetrator: Text = ""
    legal_characterisation: Text | None = None
    notes: Text = ""
    record: uuid.UUID | None = None


class IncidentFilters(Page):
    """The criteria of ``IncidentFilter``; ``q`` searches the text."""

    event_type: Text = ""
    place: Key = ""
    district: Text = Field(default="", max_length=MAX_QUERY_LENGTH)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: Text = Field(default="", max_length=MAX_QUERY_LENGTH)
    perpetrator: Text = Field(default="", max_length=MAX_QUERY_LENGTH)
    q: Text = Field(default="", max_length=MAX_QUERY_LENGTH)


class CandidateOut(Schema):
    """A gazetteer place an unresolved name may mean."""

    place: str
    name: str
    district: str
    score: float


class IncidentPlaceOut(Schema):
    """A place of an incident, as named; ``place`` is null until resolved."""

    position: int
    name: str
    place: str | None
    district: str
    is_resolved: bool
    candidates: list[CandidateOut]


class ActOut(Schema):
    record: str
    incident: str
    act_type: str
    victim: str | None
    victim_group: str
    victim_count: Range
    victims_are_children: bool
    perpetrator: str
    legal_characterisation: str
    notes: str
    created_by: str
    created_at: str


class StatementRefOut(Schema):
    """A statement that speaks of an incident, and what it says of it."""

    record: str
    source: str
    stance: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    actor: str
    at: str


class IncidentSummaryOut(Schema):
    record: str
    title: str
    event_type: str
    sub_event_type: str
    date_from: datetime.date
    date_to: datetime.date | None
    date_precision: str
    counts: Counts
    perpetrator: str
    status: str
    places: list[IncidentPlaceOut]


class IncidentOut(IncidentSummaryOut):
    description: str
    created_by: str
    created_at: str
    updated_at: str
    is_in_conflict: bool
    acts: list[ActOut]
    statements: list[StatementRefOut]
    evidence: list[str]
    status_history: list[StatusChangeOut]


class IncidentPageOut(Schema):
    count: int
    items: list[IncidentSummaryOut]


# People


class PersonIn(Input):
    """The arguments of ``record_person``."""

    name: Text
    other_names: list[Text] = []
    father_name: Text = ""
    grandfather_name: Text = ""
    sex: Text = Field(default="unknown", json_schema_extra=_choices(SEXES))
    age: Range = Range()
    birth_year: Range = Range()
    home_place: Key = ""
    home_place_name: Text = ""
    case: Text | None = Field(
        default=None,
        description="The case the record goes into; by default the caller's own.",
    )
    record: uuid.UUID | None = None


class PersonStatusOut(Schema):
    status: str
    as_of: datetime.date
    source: str | None
    note: str


class PersonOut(Schema):
    record: str
    name: str
    other_names: list[str]
    father_name: str
    grandfather_name: str
    sex: str
    age: Range
    birth_year: Range
    home_place: str | None
    home_place_name: str
    status: str
    status_history: list[PersonStatusOut]
    created_by: str
    created_at: str


class PersonPageOut(Schema):
    count: int
    items: list[PersonOut]


# Sources


class SourceIn(Input):
    """The arguments of ``register_source``; the identity fields are sealed."""

    kind: Text = Field(json_schema_extra=_codes(source_kinds()))
    pseudonym: Text
    description: Text = ""
    reliability: Text = Field(
        default="unknown", json_schema_extra=_choices(RELIABILITY)
    )
    derived_from: list[Key] = []
    # The real identity: sealed before it is signed, never returned.
    real_name: Text = ""
    contact: Text = ""
    contact_notes: Text = ""
    case: Text | None = Field(
        default=None,
        description="The case the record goes into; by default the caller's own.",
    )
    record: uuid.UUID | None = None


class SourceOut(Schema):
    """A source as everyone may see it: the pseudonym, never the identity."""

    record: str
    kind: str
    pseudonym: str
    description: str
    reliability: str
    derived_from: list[str]
    created_by: str
    created_at: str


class SourcePageOut(Schema):
    count: int
    items: list[SourceOut]


# Statements


class StatementIn(Input):
    """The arguments of ``record_statement``."""

    source: Key
    text: Text
    language: Text = Field(json_schema_extra=_choices(LANGUAGES))
    stance: Text = Field(json_schema_extra=_codes(stances()))
    translation: Text = ""
    made_on: datetime.date | None = None
    incidents: list[Key] = []
    acts: list[Key] = []
    persons: list[Key] = []
    record: uuid.UUID | None = None


class StatementOut(Schema):
    record: str
    source: str
    text: str
    language: str
    translation: str
    stance: str
    made_on: datetime.date | None
    incidents: list[str]
    acts: list[str]
    persons: list[str]
    created_by: str
    created_at: str


class StatementPageOut(Schema):
    count: int
    items: list[StatementOut]


# Places


class PlaceIn(Input):
    """The arguments of ``add_place``."""

    name: Text
    names_arabic: list[Text] = []
    district: Text = ""
    latitude: float
    longitude: float
    location_note: Text
    record: uuid.UUID | None = None


class PlaceFilters(Page):
    """``q`` looks a name up in either script; ``district`` ranks places in it."""

    q: Text = Field(default="", max_length=MAX_QUERY_LENGTH)
    district: Text = Field(default="", max_length=MAX_QUERY_LENGTH)


class MatchOut(Schema):
    """How well a place matches the name looked up, and why."""

    score: float
    why: str


class PlaceOut(Schema):
    key: str
    name: str
    ascii_name: str
    names_arabic: list[str]
    names_latin: list[str]
    province: str
    district: str
    latitude: float
    longitude: float
    feature_code: str
    geonames_id: int | None
    origin: str
    location_note: str
    added_by: str
    match: MatchOut | None = None


class PlacePageOut(Schema):
    """Places, or with ``q`` the candidates best first.

    ``resolved`` is the key of the place the name settles on, if one is
    clearly best; otherwise a person must choose among the candidates.
    ``district`` is that place's district, or the district the name itself
    is ("Dara", "دره"), with no place resolved.
    """

    count: int
    items: list[PlaceOut]
    resolved: str | None = None
    district: str | None = None
