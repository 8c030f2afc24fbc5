"""What sabt sends to other tracing systems in PFIF, and what it takes in.

Export: one ``pfif:person`` per tracing request (the sought person, never
the enquirer), with an ``information_sought`` note and a note per status
known of them. Left out, always: the enquirer's sealed identity, their
relationship, and the circumstances written in free text, which often name
the family. Left out unless the found person consented to their family
being told: any note saying they are alive or detained, or where. Deaths
are exported (``services.review``: a family may be told of a death).

Import: a PFIF file becomes a person list of kind "pfif", one entry per
person, each with the status of its latest note. Each entry keeps its PFIF
record as received (``ListEntry.pfif``), and ``export_pfif_lists`` writes
it out again unchanged, as PFIF asks of a repository that copies records
from another: so exporting, importing into an empty sabt and exporting
again gives the same XML.

The export is deterministic: every time in it is the time of an event
(``entry_date`` the record's latest, ``source_date`` its first), never the
time of the export.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import Actor, raise_if
from sabt.core.validation import Errors, add_error
from sabt.names.persons import split_lineage
from sabt.tracing.linkage.columns import COLUMNS, ListError, read_text
from sabt.tracing.models import (
    Candidate,
    ListEntry,
    PersonList,
    StatusReport,
    TracedStatus,
    TracingRequest,
)
from sabt.tracing.pfif.reader import PfifError, read_pfif
from sabt.tracing.pfif.records import Note, Person
from sabt.tracing.services.lists import RowStatus, list_metadata, record_list

MEDIA_TYPE = "application/xml"
SOURCE_NAME = "sabt"
DEFAULT_DOMAIN = "sabt.local"

# sabt's statuses as PFIF note statuses, and back.
TO_PFIF = {
    TracedStatus.ALIVE: "believed_alive",
    TracedStatus.DETAINED: "believed_alive",
    TracedStatus.MISSING: "believed_missing",
    TracedStatus.DECEASED: "believed_dead",
}
FROM_PFIF = {
    "information_sought": TracedStatus.MISSING,
    "believed_missing": TracedStatus.MISSING,
    "believed_alive": TracedStatus.ALIVE,
    "is_note_author": TracedStatus.ALIVE,
    "believed_dead": TracedStatus.DECEASED,
}
SEX_TO_PFIF = {"male": "male", "female": "female"}
SEX_FROM_PFIF = {"male": "m", "female": "f"}


def export_case(
    case: str, *, domain: str = DEFAULT_DOMAIN, with_pfif_lists: bool = False
) -> list[Person]:
    """What ``sabt pfif export`` writes of a case: its tracing requests, and
    with ``with_pfif_lists`` the records its lists imported from PFIF hold.
    """
    persons = [
        *export_requests(TracingRequest.objects.filter(case=case), domain=domain)
    ]
    if with_pfif_lists:
        persons += export_pfif_lists(PersonList.objects.filter(case=case))
    return persons


def export_requests(
    requests: QuerySet[TracingRequest], *, domain: str = DEFAULT_DOMAIN
) -> Iterator[Person]:
    """The requests as PFIF persons, with only what may leave sabt."""
    for request in requests.order_by("created_at", "record"):
        yield _person(request, domain)


def export_pfif_lists(lists: QuerySet[PersonList]) -> Iterator[Person]:
    """The PFIF records of the lists imported from PFIF, as received."""
    entries = ListEntry.objects.filter(
        person_list__in=lists.filter(kind=PersonList.Kind.PFIF)
    ).order_by("person_list__created_at", "person_list__record", "position")
    for entry in entries:
        if entry.pfif:
            yield _received(entry.pfif)


def import_pfif(
    *,
    actor: Actor,
    path: Path,
    list_name: str,
    description: str = "",
    case: str = DEFAULT_CASE,
) -> PersonList:
    """Import a PFIF 1.4 file as a person list.

    Raises ValidationError naming ``file`` for a file that is refused or
    not PFIF, or the metadata field at fault; nothing is recorded then.
    """
    errors: Errors = {}
    meta = list_metadata(
        errors,
        name=list_name,
        kind=PersonList.Kind.PFIF,
        description=description,
        case=case,
    )
    persons: list[Person] = []
    try:
        persons = read_pfif(path)
    except PfifError as exc:
        add_error(errors, "file", str(exc))
    if not errors and not persons:
        add_error(errors, "file", f"{path.name}: no pfif:person in the file")
    raise_if(errors)
    rows = [_row(person) for person in persons]
    try:
        checked = read_text(_csv(rows), path.name)
    except ListError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    return record_list(
        actor=actor,
        path=path,
        file_name=path.name,
        media_type=MEDIA_TYPE,
        meta=meta,
        mapping=[],
        checked=checked,
        row_statuses=[_latest_status(person.notes) for person in persons],
        row_extras=[{"pfif": _as_received(person)} for person in persons],
    )


# --- Export ---------------------------------------------------------------------


def _person(request: TracingRequest, domain: str) -> Person:
    record_id = f"{domain}/request.{request.record}"
    lineage = [request.given_name]
    for name in (request.father_name, request.grandfather_name):
        if name:
            lineage.append(name)
    fields = {
        "person_record_id": record_id,
        "entry_date": _pfif_time(request.updated_at),
        "source_name": SOURCE_NAME,
        "source_date": _pfif_time(request.created_at),
        # "s/o" is how lists write lineage; sabt.names reads it back.
        "full_name": " s/o ".join(lineage),
        "given_name": request.given_name,
        "family_name": request.family_name,
        "sex": SEX_TO_PFIF.get(request.sex, ""),
        "age": _age(request.age_low, request.age_high),
        "home_city": request.village,
        # PFIF has no district: it is the nearest thing to a state.
        "home_state": request.district,
    }
    notes = [_sought(request, record_id)]
    notes += _status_notes(request, record_id)
    return Person(fields, tuple(notes))


def _sought(request: TracingRequest, record_id: str) -> Note:
    fields = {
        "note_record_id": f"{record_id}.sought",
        "person_record_id": record_id,
        "entry_date": _pfif_time(request.created_at),
        "author_name": SOURCE_NAME,
        "source_date": _pfif_time(request.created_at),
        "status": "information_sought",
        "last_known_location": request.last_seen_place,
    }
    # PFIF 1.4 requires a note's text.
    fields["text"] = (
        f"Sought; last seen on {request.last_seen_date.isoformat()}."
        if request.last_seen_date
        else "Sought."
    )
    return Note(fields, TracedStatus.MISSING)


def _status_notes(request: TracingRequest, record_id: str) -> list[Note]:
    """A note per status report that may leave sabt (see the module)."""
    confirmed = list(request.candidates.filter(decision=Candidate.Decision.CONFIRMED))
    consented = any(c.consent == Candidate.Consent.GIVEN for c in confirmed)
    reports = [
        *request.status_reports.exclude(source_kind=StatusReport.SourceKind.REQUEST),
        *StatusReport.objects.filter(entry__in=[c.entry_id for c in confirmed]),
    ]
    notes: list[Note] = []
    for report in sorted(reports, key=lambda report: report.sort_key):
        whereabouts = report.status in (TracedStatus.ALIVE, TracedStatus.DETAINED)
        if report.status not in TO_PFIF or (whereabouts and not consented):
            continue
        day = report.as_of.isoformat()
        fields = {
            "note_record_id": f"{record_id}.status.{report.key}",
            "person_record_id": record_id,
            "entry_date": _pfif_time(report.at),
            "author_name": SOURCE_NAME,
            "source_date": f"{day}T00:00:00Z",
            "status": TO_PFIF[TracedStatus(report.status)],
            "text": f"{report.status.capitalize()} as of {day}.",
        }
        notes.append(Note(fields, report.status))
    return notes


def _pfif_time(at: str) -> str:
    """An event time as PFIF writes it: whole seconds, UTC, "Z"."""
    return at[:19] + "Z" if at else ""


def _age(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return str(low if low is not None else high)
    return f"{low}-{high}"


# --- Import ---------------------------------------------------------------------


def _as_received(person: Person) -> dict[str, Any]:
    """A PFIF person and its notes as plain data, for the event's row."""
    return {
        "person": dict(person.fields),
        "notes": [
            {"fields": dict(note.fields), "sabt_status": note.sabt_status}
            for note in person.notes
        ],
    }


def _received(record: dict[str, Any]) -> Person:
    notes = tuple(
        Note(dict(note["fields"]), note.get("sabt_status", ""))
        for note in record.get("notes", [])
    )
    return Person(dict(record["person"]), notes)


def _row(person: Person) -> dict[str, str]:
    lineage = split_lineage(person.get("full_name"))
    return {
        "id": person.get("person_record_id"),
        "given_name": person.get("given_name") or lineage.given,
        "father_name": lineage.father,
        "grandfather_name": lineage.grandfather,
        "family_name": person.get("family_name"),
        "sex": SEX_FROM_PFIF.get(person.get("sex"), ""),
        "age": person.get("age"),
        "village": person.get("home_city"),
        "district": person.get("home_state"),
        "last_seen_place": _last_known_location(person.notes),
    }


def _csv(rows: Iterable[dict[str, str]]) -> str:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(COLUMNS), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def _latest_status(notes: Iterable[Note]) -> RowStatus | None:
    """The status of the latest note that says one, sabt's own if given.

    A note that only says information is sought (someone is looking) counts
    when no note says more: it is about the search, not the person.
    """
    dated = [
        (note.get("status") != "information_sought", _when(note), number, note)
        for number, note in enumerate(notes)
        if note.sabt_status in TracedStatus.values or note.get("status") in FROM_PFIF
    ]
    if not dated:
        return None
    _, when, _, note = max(dated, key=lambda item: item[:3])
    status = (
        note.sabt_status
        if note.sabt_status in TracedStatus.values
        else FROM_PFIF[note.get("status")]
    )
    return RowStatus(status=status, as_of=_day(when))


def _when(note: Note) -> str:
    return note.get("source_date") or note.get("entry_date")


def _last_known_location(notes: Iterable[Note]) -> str:
    located = [note.get("last_known_location") for note in notes]
    return next((place for place in reversed(located) if place), "")


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
