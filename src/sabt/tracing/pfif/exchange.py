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
from django.db import transaction
from django.db.models import QuerySet

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error
from sabt.names.persons import Lineage, join_lineage, split_lineage
from sabt.tracing.files import RejectedRow
from sabt.tracing.linkage.columns import COLUMNS, ListError, read_text
from sabt.tracing.models import (
    Candidate,
    ListEntry,
    PersonList,
    StatusReport,
    TracedStatus,
    TracingRequest,
)
from sabt.tracing.pfif.reader import Document, PfifError, read_document
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
SEX_TO_LINEAGE = {"male": "m", "female": "f"}
# What PFIF keeps of an expired person (Person Finder's PLACEHOLDER_FIELDS).
PLACEHOLDER_FIELDS = ("person_record_id", "source_date", "entry_date", "expiry_date")


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


def export_pfif_lists(
    lists: QuerySet[PersonList], *, now: datetime.datetime | None = None
) -> Iterator[Person]:
    """The PFIF records of the lists imported from PFIF, as received.

    A record whose ``expiry_date`` has passed (by ``now``, the present by
    default) is not sent on: PFIF asks that its data be deleted.
    """
    moment = _pfif_time((now or datetime.datetime.now(datetime.UTC)).isoformat())
    entries = ListEntry.objects.filter(
        person_list__in=lists.filter(kind=PersonList.Kind.PFIF)
    ).order_by("person_list__created_at", "person_list__record", "position")
    for entry in entries:
        if entry.pfif and not is_expired(entry.pfif.get("person", {}), moment):
            yield _received(entry.pfif)


def purge_expired(
    *, actor: Actor, case: str = DEFAULT_CASE, now: datetime.datetime | None = None
) -> int:
    """Purge the PFIF records of the case whose ``expiry_date`` has passed.

    PFIF 1.4 asks a repository holding a copy to delete an expired
    record's data, keeping only a placeholder (``PLACEHOLDER_FIELDS``).
    One ``tracing.pfif_expired`` event per list names the entries; the
    projection then forgets their names, places, ages and notes. Returns
    how many records were purged; run again, it purges none.
    """
    moment = _pfif_time((now or datetime.datetime.now(datetime.UTC)).isoformat())
    expired: dict[str, list[str]] = {}
    entries = ListEntry.objects.filter(
        case=case, person_list__kind=PersonList.Kind.PFIF
    ).order_by("person_list__created_at", "position")
    for entry in entries:
        person = entry.pfif.get("person", {}) if entry.pfif else {}
        purged = not entry.pfif.get("notes") and set(person) <= set(PLACEHOLDER_FIELDS)
        if is_expired(person, moment) and not purged:
            expired.setdefault(entry.person_list_id, []).append(entry.key)
    with transaction.atomic():
        for record, keys in expired.items():
            body = {"entries": keys, "at": moment}
            record_by(actor, "tracing.pfif_expired", record, body)
    return sum(len(keys) for keys in expired.values())


def is_expired(fields: dict[str, str], moment: str) -> bool:
    """Whether a PFIF person's ``expiry_date`` is before ``moment`` (a PFIF
    time: such times sort as text)."""
    expiry = fields.get("expiry_date", "")
    return bool(expiry) and expiry[:19] < moment[:19]


def import_pfif(
    *,
    actor: Actor,
    path: Path,
    list_name: str,
    description: str = "",
    case: str = DEFAULT_CASE,
    now: datetime.datetime | None = None,
) -> PersonList:
    """Import a PFIF 1.1 to 1.4 file, or an Atom feed of PFIF, as a person list.

    Each person becomes an entry with the status of its latest note. A
    file of notes alone (a status update) becomes a list of the people the
    notes are about, as an earlier PFIF list of the case holds them; a
    note about someone no list holds is left out, with the reason. A
    person whose ``expiry_date`` has passed is left out too. The copy kept
    takes the import time (``now``) as its ``entry_date``, as PFIF asks of
    a repository that copies a record.

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
    document = Document([], [], "")
    try:
        document = read_document(path)
    except PfifError as exc:
        add_error(errors, "file", str(exc))
    raise_if(errors)
    moment = _pfif_time((now or datetime.datetime.now(datetime.UTC)).isoformat())
    persons, rejected = _people(document, meta["case"], moment)
    if not persons:
        reasons = "; ".join(row.reason for row in rejected[:3])
        add_error(
            errors,
            "file",
            f"{path.name}: no person to import"
            + (f" ({reasons})" if reasons else ": no pfif:person or pfif:note"),
        )
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
        rejected=rejected,
        row_statuses=[_latest_status(person.notes) for person in persons],
        row_extras=[{"pfif": _as_received(person)} for person in persons],
    )


def _people(
    document: Document, case: str, moment: str
) -> tuple[list[Person], list[RejectedRow]]:
    """The persons to import, copies dated ``moment``, and those left out."""
    rejected: list[RejectedRow] = []
    persons: list[Person] = []
    for number, person in enumerate(document.persons, start=1):
        if is_expired(person.fields, moment):
            rejected.append(
                RejectedRow(
                    number,
                    f"{person.get('person_record_id')}: expired on "
                    f"{person.get('expiry_date')}; PFIF asks that its data be deleted",
                )
            )
            continue
        persons.append(person)
    known = _known_persons(
        case, {n.get("person_record_id") for n in document.loose_notes}
    )
    updates: dict[str, list[Note]] = {}
    for note in document.loose_notes:
        updates.setdefault(note.get("person_record_id"), []).append(note)
    for number, (record_id, notes) in enumerate(updates.items(), start=1):
        earlier = known.get(record_id)
        if earlier is None:
            rejected.append(
                RejectedRow(
                    len(document.persons) + number,
                    f"notes about {record_id}, whom no PFIF list of this case holds",
                )
            )
            continue
        persons.append(Person(dict(earlier.fields), (*earlier.notes, *notes)))
    return [_copied(person, moment) for person in persons], rejected


def _known_persons(case: str, record_ids: set[str]) -> dict[str, Person]:
    """The latest PFIF record of each of these persons the case's lists hold."""
    if not record_ids:
        return {}
    known: dict[str, Person] = {}
    entries = ListEntry.objects.filter(
        case=case, person_list__kind=PersonList.Kind.PFIF
    ).order_by("person_list__created_at", "position")
    for entry in entries:
        person = entry.pfif.get("person", {}) if entry.pfif else {}
        if person.get("person_record_id") in record_ids and person.get("full_name"):
            known[person["person_record_id"]] = _received(entry.pfif)
    return known


def _copied(person: Person, moment: str) -> Person:
    """The copy sabt keeps: entered into sabt at ``moment``."""
    notes = tuple(
        Note({**note.fields, "entry_date": moment}, note.sabt_status)
        for note in person.notes
    )
    return Person({**person.fields, "entry_date": moment}, notes)


# --- Export ---------------------------------------------------------------------


def _person(request: TracingRequest, domain: str) -> Person:
    record_id = f"{domain}/request.{request.record}"
    lineage = Lineage(
        given=request.given_name,
        father=request.father_name,
        grandfather=request.grandfather_name,
        spouse="",
    )
    fields = {
        "person_record_id": record_id,
        "entry_date": _pfif_time(request.updated_at),
        "source_name": SOURCE_NAME,
        "source_date": _pfif_time(request.created_at),
        # "s/o" (or "d/o", "ولد", "بنت" by sex and script) is how lists
        # write lineage; sabt.names reads it back.
        "full_name": join_lineage(lineage, sex=SEX_TO_LINEAGE.get(request.sex, "")),
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
    row = {
        "id": person.get("person_record_id"),
        "given_name": person.get("given_name") or lineage.given,
        "father_name": lineage.father,
        "grandfather_name": lineage.grandfather,
        "family_name": person.get("family_name"),
        "sex": SEX_FROM_PFIF.get(person.get("sex"), ""),
        "village": person.get("home_city"),
        "district": person.get("home_state"),
        "last_seen_place": _last_known_location(person.notes),
    }
    row.update(_age_columns(person))
    return row


def _age_columns(person: Person) -> dict[str, str]:
    """The person's age as years of birth, which do not drift.

    PFIF's ``age`` is the age as of the record's ``source_date``, and a
    list's ages count from the list's date: a record written in 2000 and
    imported today would grow younger by the years between. So an age with
    its date becomes the years of birth it allows; ``date_of_birth`` (YYYY,
    YYYY-MM or YYYY-MM-DD) gives its year, and is preferred.
    """
    born = person.get("date_of_birth")
    if born[:4].isdigit():
        return {"birth_year": born[:4]}
    age = person.get("age")
    written = _day(person.get("source_date"))
    low, _, high = age.partition("-")
    if written is None or not low.isdigit() or not (high or low).isdigit():
        return {"age": age}
    # Aged N on that day: born in that year less N, or the year before.
    youngest, oldest = int(low), int(high or low)
    return {"birth_year": f"{written.year - oldest - 1}-{written.year - youngest}"}


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
