"""Recording on the kit: every event sealed to the organisation as it is made.

Each service builds the same event body headquarters' own services build
(so the records project there as if typed there), adds the kit's case and
name, signs it with the kit's key and keeps only the sealed envelope
(``envelope``). A source's real identity is sealed under its own data key
first, wrapped to the organisation (``keyring.seal_fields``), so shredding
still works at headquarters. Evidence files are read from where they are
(a camera's card), hashed, inspected for EXIF, and written only encrypted.

Nothing recorded here can be read back on the kit: references are checked
against the clear record ids and types the kit keeps, nothing more.
"""

from __future__ import annotations

import datetime
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sabt.core.validation import (
    Errors,
    add_error,
    clean_choice,
    clean_code,
    clean_date,
    clean_moment,
    clean_range,
    clean_text,
    iso,
)
from sabt.evidence.inspection import inspect_file
from sabt.evidence.similarity import ImageTooLarge, image_hash
from sabt.field.envelope import seal_event
from sabt.field.filecrypt import seal_stream
from sabt.field.kit import KitIdentity, kit_identity, sealed_files_dir
from sabt.field.models import SealedEntry, SealedEvidence
from sabt.field.projector import LIST_ENTRY_RECORDED
from sabt.ledger import sign_event
from sabt.ledger.store import heads_of
from sabt.ledger_store.keyring import seal_fields
from sabt.records.services.acts import act_body
from sabt.records.services.incidents import COUNTS
from sabt.records.services.people import person_body
from sabt.records.services.sources import (
    IDENTITY_LENGTHS,
    RELIABILITY,
    consent_body,
)
from sabt.records.services.statements import LANGUAGES
from sabt.records.vocabularies import (
    date_precisions,
    event_types,
    source_kinds,
    stances,
)
from sabt.tracing.linkage.columns import COLUMNS
from sabt.tracing.models import PersonList, TracedStatus
from sabt.tracing.services.list_entries import EntryRow, entry_problem
from sabt.tracing.services.requests import request_body

EVIDENCE_KINDS = ("video", "photo", "document", "audio")
ACQUIRED_HOW = ("captured", "received")


def record_incident(
    *,
    title: str,
    date_from: datetime.date | str,
    event_type: str,
    description: str = "",
    date_to: datetime.date | str | None = None,
    date_precision: str = "day",
    sub_event_type: str = "",
    perpetrator: str = "",
    places: Sequence[str] = (),
    counts: Mapping[str, tuple[Any, Any]] | None = None,
) -> str:
    """Record an incident as alleged; return its record id.

    Places are names as given, settled on the gazetteer at headquarters.
    Raises ValidationError naming each bad field; nothing is kept then.
    """
    errors: Errors = {}
    body: dict[str, Any] = {
        "title": clean_text(errors, "title", title, max_length=300, required=True),
        "description": clean_text(
            errors, "description", description, max_length=20_000
        ),
        "event_type": clean_code(errors, "event_type", event_type, event_types()),
        "sub_event_type": sub_event_type,
        "date_precision": clean_code(
            errors, "date_precision", date_precision, date_precisions()
        ),
        "perpetrator": clean_text(errors, "perpetrator", perpetrator, max_length=200),
    }
    start = clean_date(errors, "date_from", date_from, required=True)
    end = clean_date(errors, "date_to", date_to)
    if start and end and end < start:
        add_error(errors, "date_to", _("The end date is before the start date."))
    body["date_from"], body["date_to"] = iso(start), iso(end)
    given = counts or {}
    if unknown := sorted(set(given) - set(COUNTS)):
        message = _("Unknown counts: %(names)s.") % {"names": ", ".join(unknown)}
        add_error(errors, "counts", message)
    body["counts"] = {
        name: clean_range(errors, name, *given.get(name, (None, None)))
        for name in COUNTS
    }
    body["places"] = [
        {
            "name": clean_text(errors, "places", name, max_length=200, required=True),
            "place": None,
            "district": "",
            "candidates": [],
        }
        for name in places
    ]
    _raise_if(errors)
    return _keep("incident.reported", str(uuid.uuid4()), body).record


def register_source(
    *,
    kind: str,
    pseudonym: str,
    description: str = "",
    reliability: str = "unknown",
    real_name: str = "",
    contact: str = "",
    contact_notes: str = "",
) -> str:
    """Register a source, its real identity sealed under its own data key."""
    errors: Errors = {}
    body: dict[str, Any] = {
        "kind": clean_code(errors, "kind", kind, source_kinds()),
        "pseudonym": clean_text(
            errors, "pseudonym", pseudonym, max_length=200, required=True
        ),
        "description": clean_text(errors, "description", description, max_length=5000),
        "reliability": reliability,
        "derived_from": [],
    }
    if reliability not in RELIABILITY:
        message = _("Unknown reliability %(value)s.") % {"value": reliability}
        add_error(errors, "reliability", message)
    given = {"real_name": real_name, "contact": contact, "contact_notes": contact_notes}
    identity = {
        field: clean_text(errors, field, value, max_length=IDENTITY_LENGTHS[field])
        for field, value in given.items()
    }
    _raise_if(errors)
    record = str(uuid.uuid4())
    with transaction.atomic():
        if sealed := seal_fields(record, identity):
            body["sealed"] = sealed
        _keep("source.registered", record, body)
    return record


def record_consent(
    *,
    source: str,
    name: str,
    account: str,
    obtained_how: str,
    obtained_on: datetime.date | str,
    notes: str = "",
) -> str:
    """Record what the source lets us share of their name and their account."""
    errors: Errors = {}
    _require(errors, "source", source, "source.registered")
    body = consent_body(
        errors,
        name=name,
        account=account,
        obtained_how=obtained_how,
        obtained_on=obtained_on,
        notes=notes,
    )
    _raise_if(errors)
    return _keep("source.consent_recorded", source, body).record


def register_consenting_source(
    source: Mapping[str, Any], consent: Mapping[str, Any]
) -> str:
    """Register a source and their consent at once, or neither."""
    with transaction.atomic():
        record = register_source(**source)
        record_consent(source=record, **consent)
    return record


def record_statement(
    *,
    source: str,
    text: str,
    language: str,
    stance: str,
    translation: str = "",
    made_on: datetime.date | str | None = None,
    incidents: Sequence[str] = (),
) -> str:
    """Record a source's account in its own words; return its record id."""
    errors: Errors = {}
    _require(errors, "source", source, "source.registered")
    for incident in incidents:
        _require(errors, "incidents", incident, "incident.reported")
    body: dict[str, Any] = {
        "source": source,
        "text": clean_text(errors, "text", text, max_length=100_000, required=True),
        "language": language,
        "translation": clean_text(
            errors, "translation", translation, max_length=100_000
        ),
        "stance": clean_code(errors, "stance", stance, stances()),
        "made_on": iso(clean_date(errors, "made_on", made_on)),
        "incidents": sorted(set(incidents)),
        "acts": [],
        "persons": [],
    }
    if language not in LANGUAGES:
        message = _("Unknown language %(value)s.") % {"value": language}
        add_error(errors, "language", message)
    _raise_if(errors)
    return _keep("statement.recorded", str(uuid.uuid4()), body).record


def record_person(
    *,
    name: str,
    other_names: Sequence[str] = (),
    father_name: str = "",
    grandfather_name: str = "",
    sex: str = "unknown",
    age: tuple[Any, Any] = (None, None),
    birth_year: tuple[Any, Any] = (None, None),
    home_place_name: str = "",
) -> str:
    """Record a person, names exactly as written; return the record id.

    The body of headquarters' ``record_person``; the home only as written,
    settled on the gazetteer at headquarters.
    """
    errors: Errors = {}
    body = person_body(
        errors, name=name, other_names=other_names, father_name=father_name,
        grandfather_name=grandfather_name, sex=sex, age=age, birth_year=birth_year,
        home_place_name=home_place_name,
    )  # fmt: skip
    _raise_if(errors)
    return _keep("person.recorded", str(uuid.uuid4()), body).record


def record_act(
    *,
    incident: str,
    act_type: str,
    victim: str = "",
    victim_group: str = "",
    victim_count: tuple[Any, Any] = (None, None),
    victims_are_children: bool = False,
    perpetrator: str = "",
    legal_characterisation: str | None = None,
    notes: str = "",
) -> str:
    """Record what was done in an incident, to whom, by whom; return its id.

    The body of headquarters' ``record_act``: the victim a person recorded
    on this kit, or a group with a count; the legal characterisation, left
    out, the Rome Statute articles the act type suggests.
    """
    errors: Errors = {}
    _require(errors, "incident", incident, "incident.reported")
    if victim:
        _require(errors, "victim", victim, "person.recorded")
    body = act_body(
        errors, incident=incident, act_type=act_type, victim=victim,
        victim_group=victim_group, victim_count=victim_count,
        victims_are_children=victims_are_children, perpetrator=perpetrator,
        legal_characterisation=legal_characterisation, notes=notes,
    )  # fmt: skip
    _raise_if(errors)
    return _keep("act.recorded", str(uuid.uuid4()), body).record


def open_tracing_request(*, given_name: str, enquirer_name: str, **fields: Any) -> str:
    """Open a request to find ``given_name``; return its record id.

    The same body as headquarters' ``open_request`` (the names as the family
    writes them); the enquirer sealed under the request's own data key.
    """
    errors: Errors = {}
    body, enquirer = request_body(
        errors, given_name=given_name, enquirer_name=enquirer_name, **fields
    )
    _raise_if(errors)
    record = str(uuid.uuid4())
    with transaction.atomic():
        body["sealed"] = seal_fields(record, enquirer)
        _keep("tracing.request_opened", record, body)
    return record


def record_list_entry(
    *,
    list_name: str,
    list_kind: str,
    cells: Mapping[str, str],
    status: str = "",
    date: datetime.date | str | None = None,
    notes: str = "",
) -> str:
    """Record one person as a register gives them; return the entry's id.

    ``cells`` are a list's columns (``tracing.linkage.columns.COLUMNS``, but
    the id, which is the returned record id). The entry is checked as an
    uploaded list's row is; at headquarters it joins the one list of its
    register (kind and name) in the case, beside the register's other
    entries from any kit or phone (``field.registers``).
    """
    errors: Errors = {}
    # The list's fields as ``tracing.services.lists.list_metadata`` checks
    # them, but the case, which the kit knows and has no table of.
    meta = {
        "name": clean_text(
            errors, "list_name", list_name, max_length=200, required=True
        ),
        "kind": clean_choice(errors, "list_kind", list_kind, PersonList.Kind.values),
        "as_of": iso(clean_date(errors, "date", date)),
    }
    if status:
        clean_choice(errors, "status", status, TracedStatus.values)
    notes = clean_text(errors, "notes", notes, max_length=5000)
    record = str(uuid.uuid4())
    given = {
        column: clean_text(
            errors, column, value, max_length=200, required=column == "given_name"
        )
        for column, value in {"given_name": "", **cells}.items()
        if column in COLUMNS and column != "id"
    }
    if unknown := sorted(set(cells) - set(COLUMNS) - {"id"}):
        message = _("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)}
        add_error(errors, "cells", message)
    if meta["as_of"]:
        given["last_seen_date"] = meta["as_of"]
    # Each cell as an uploaded list's is checked, its reason beside its box.
    for column, value in given.items():
        if value and (
            problem := entry_problem(EntryRow({"id": record, column: value}))
        ):
            add_error(errors, column, problem)
    if not errors and (problem := entry_problem(EntryRow({**given, "id": record}))):
        add_error(errors, "cells", problem)
    _raise_if(errors)
    body = {
        "list_name": meta["name"],
        "list_kind": meta["kind"],
        "cells": {column: value for column, value in given.items() if value},
        "status": status,
        "date": meta["as_of"],
        "notes": notes,
    }
    return _keep(LIST_ENTRY_RECORDED, record, body).record


def add_evidence_file(
    *,
    path: Path,
    kind: str,
    title: str,
    acquired_how: str = "captured",
    acquired_at: datetime.date | datetime.datetime | str,
    device: str = "",
    description: str = "",
    source: str = "",
    incidents: Sequence[str] = (),
    file_name: str = "",
) -> str:
    """Register an item of evidence with one file, sealed; return the item's id.

    The file is read once from ``path`` (never copied in clear), its hash,
    media type, EXIF and perceptual hash taken at capture as the first entry
    of its custody; only the ciphertext is kept. ``file_name`` is the name
    to keep when ``path`` has none of its own (an upload held in memory).
    """
    identity = kit_identity()
    errors: Errors = {}
    if kind not in EVIDENCE_KINDS:
        add_error(errors, "kind", _("Unknown kind %(value)s.") % {"value": kind})
    if acquired_how not in ACQUIRED_HOW:
        message = _("Unknown way of acquiring: %(value)s.") % {"value": acquired_how}
        add_error(errors, "acquired_how", message)
    if source:
        _require(errors, "source", source, "source.registered")
    for incident in incidents:
        _require(errors, "incidents", incident, "incident.reported")
    item: dict[str, Any] = {
        "kind": kind,
        "title": clean_text(errors, "title", title, max_length=300, required=True),
        "description": clean_text(
            errors, "description", description, max_length=20_000
        ),
        "url": "",
        "posted_by": "",
        "posted_on": None,
        "source": source or None,
        "incidents": sorted(set(incidents)),
    }
    at = clean_moment(errors, "acquired_at", acquired_at)
    device = clean_text(errors, "device", device, max_length=200)
    if not path.is_file():
        add_error(errors, "file", _("No such file: %(path)s.") % {"path": path})
    _raise_if(errors)
    facts = inspect_file(path)
    problems = list(facts.problems)
    file_id = str(uuid.uuid4())
    target = sealed_files_dir() / f"{file_id}.sealed"
    with path.open("rb") as plain, _new_file(target) as out:
        sealed = seal_stream(
            plain, out, file_id=file_id, org_public=identity.org_public
        )
    acquisition = {"how": acquired_how, "by": identity.name, "at": at}
    if device:
        acquisition["device"] = device
    added = {
        "sha256": sealed.sha256,
        "size": sealed.size,
        "file_name": file_name or path.name,
        "media_type": facts.media_type,
        "metadata": facts.metadata,
        "problems": problems,
        "perceptual_hash": _perceptual_hash(path, facts.media_type, problems),
        "acquisition": acquisition,
    }
    record = str(uuid.uuid4())
    try:
        with transaction.atomic():
            _keep("evidence.registered", record, item)
            entry = _keep("evidence.file_added", record, added, files=[file_id])
            SealedEvidence.objects.create(
                file_id=file_id,
                wrapped_key=sealed.wrapped_key,
                sealed_size=sealed.sealed_size,
                seq=entry.seq,
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return record


def _keep(
    type: str, record: str, body: Mapping[str, Any], *, files: Sequence[str] = ()
) -> SealedEntry:
    """Sign the event with the kit's key, seal it, keep only the envelope."""
    identity = kit_identity()
    full = {"actor": identity.name, **body, "case": identity.case}
    with transaction.atomic():
        rows = SealedEntry.objects.select_for_update().filter(record=record)
        parents = heads_of(
            (event_id, parents.split())
            for event_id, parents in rows.values_list("event_id", "parents")
        )
        event = sign_event(
            identity.key, type=type, record=record, parents=parents, body=full
        )
        seq = (SealedEntry.objects.aggregate(top=Max("seq"))["top"] or 0) + 1
        envelope = _envelope(identity, event, seq, files)
        return SealedEntry.objects.create(
            seq=seq,
            event_id=event.id,
            record=record,
            type=type,
            at=event.at,
            parents=" ".join(event.parents),
            envelope=json.dumps(envelope, sort_keys=True),
        )


def _envelope(
    identity: KitIdentity, event: Any, seq: int, files: Sequence[str]
) -> dict[str, Any]:
    return seal_event(
        identity.key, event, seq=seq, files=files, org_public=identity.org_public
    )


def _require(errors: Errors, field: str, record: str, created_by: str) -> None:
    if not SealedEntry.objects.filter(record=record, type=created_by).exists():
        add_error(errors, field, _("No such record: %(key)s.") % {"key": record})


def _perceptual_hash(path: Path, media_type: str, problems: list[str]) -> str:
    if not media_type.startswith("image/"):
        return ""
    try:
        return image_hash(path)
    except ImageTooLarge as exc:
        problems.append(str(exc))
        return ""
    except (OSError, ValueError):
        return ""


def _new_file(path: Path) -> Any:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)
