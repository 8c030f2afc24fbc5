"""Adding entries to a list already there, a few at a time.

A list copied from the field (one ODK submission per person of a detainee
list or a burial register) is one list, not one per person: the list is
opened once (``tracing.list_opened``, its metadata and no file) under a
key the caller chooses, and each entry follows in a
``tracing.entries_appended`` event. Entries are read and checked as the
rows of an uploaded file are (``files.apply_mapping``); a row whose id is
on the list already is skipped, so adding the same entry twice records
nothing. Rows that cannot be read are left out and named, with their line
and reason, in the event, as an upload names them; when no row can be
read, nothing is recorded and ValidationError gives the reason.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error, clean_choice, clean_date
from sabt.tracing.files import (
    CSV_TYPE,
    FileError,
    MappedList,
    RejectedRow,
    Table,
    apply_mapping,
    read_rows,
)
from sabt.tracing.linkage.columns import COLUMNS
from sabt.tracing.models import PersonList, TracedStatus
from sabt.tracing.record_ids import LIST_NAMESPACE
from sabt.tracing.services.lists import RowStatus, _chunks, list_metadata


@dataclass(frozen=True)
class EntryRow:
    """One person to add: cells by sabt's column names, and where it came from.

    ``status`` and ``as_of`` are the entry's own, where it gives them (a
    register's line says "buried on 12 Sept."); ``origin`` says where the
    entry was copied, and is kept with it.
    """

    cells: dict[str, str]
    status: str = ""
    as_of: datetime.date | str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Appended:
    """What adding entries did: the list, how many were new, the rows left out."""

    person_list: PersonList
    added: int
    rejected: tuple[RejectedRow, ...] = field(default=())


def keyed_list_record(case: str, key: str) -> str:
    """The record of the list opened under ``key`` in a case."""
    return str(uuid.uuid5(LIST_NAMESPACE, f"{case}/keyed/{key}"))


def open_list(
    *,
    actor: Actor,
    key: str,
    name: str,
    kind: str,
    as_of: datetime.date | str | None = None,
    status: str = "",
    description: str = "",
    case: str = DEFAULT_CASE,
) -> PersonList:
    """The list opened under ``key`` in ``case``; opened now if it is not there.

    ``key`` names the list for its source (a register's name); the same
    key in the same case always gives the same list. Raises
    ValidationError naming each bad field; nothing is recorded then.
    """
    errors: Errors = {}
    meta = list_metadata(
        errors,
        name=name,
        kind=kind,
        as_of=as_of,
        status=status,
        description=description,
        case=case,
    )
    if not key.strip():
        add_error(errors, "key", _("A list opened for entries needs a key."))
    raise_if(errors)
    record = keyed_list_record(meta["case"], key)
    if found := PersonList.objects.filter(pk=record).first():
        return found
    record_by(actor, "tracing.list_opened", record, {**meta, "key": key})
    return PersonList.objects.get(pk=record)


def add_entries(
    *, actor: Actor, person_list: PersonList, rows: Sequence[EntryRow]
) -> Appended:
    """Add ``rows`` to ``person_list``, those whose id it has not got yet.

    Rows are checked as an upload's are; those left out are recorded with
    their line (the header is line 1, the first row line 2) and reason.
    Raises ValidationError (``rows``) when none can be read; nothing is
    recorded then.
    """
    errors: Errors = {}
    statuses = [_row_status(errors, number, row) for number, row in enumerate(rows)]
    raise_if(errors)
    have = set(person_list.entries.values_list("row_id", flat=True))
    # Lines count as in a file of all the rows given, header first.
    fresh = {
        number + 2: (row, status)
        for number, (row, status) in enumerate(zip(rows, statuses, strict=True))
        if row.cells.get("id", "").strip() not in have
    }
    if not fresh:
        return Appended(person_list, 0)
    mapped = _mapped(person_list.name, {line: row for line, (row, _s) in fresh.items()})
    kept = [fresh[line] for line in mapped.lines]
    first = person_list.entries.count()
    body_rows: list[dict[str, Any]] = []
    for _first, chunk in _chunks(
        mapped.checked,
        [status for _row, status in kept],
        [{"origin": row.origin[:2000]} if row.origin else {} for row, _s in kept],
    ):
        body_rows += chunk
    body = {
        "first": first,
        "rows": body_rows,
        "rejected": [{"line": r.line, "reason": r.reason} for r in mapped.rejected],
    }
    with transaction.atomic():
        record_by(actor, "tracing.entries_appended", person_list.record, body)
    return Appended(
        PersonList.objects.get(pk=person_list.record),
        len(body_rows),
        mapped.rejected,
    )


def entry_problem(row: EntryRow) -> str | None:
    """Why ``add_entries`` would leave ``row`` out, or None if it would keep it.

    For a caller that checks an entry before anything is recorded (a field
    kit, which cannot see the list it joins at headquarters).
    """
    mapped = read_rows(_table("entry", {2: row}), list(COLUMNS))
    return mapped.rejected[0].reason if mapped.rejected else None


def register_key(kind: str, name: str) -> str:
    """One list per register: its kind and its name, however spaced or cased."""
    # The prefix names the first path that copied registers (ODK); kept so
    # every copy of a register, wherever it was made, joins the same list.
    return f"odk-list-entry/{kind}/{' '.join(name.split()).casefold()}"


def add_to_register(
    *,
    actor: Actor,
    case: str,
    kind: str,
    name: str,
    row: EntryRow,
    description: str,
) -> PersonList:
    """Add one person copied from a register to that register's one list.

    The list of the register's kind and name in ``case`` is opened by its
    first entry, its date and status the entry's; the entry's row id makes
    it join once, however often it is given.
    """
    with transaction.atomic():
        person_list = open_list(
            actor=actor,
            key=register_key(kind, name),
            name=name,
            kind=kind,
            as_of=row.as_of or None,
            status=row.status,
            description=description,
            case=case,
        )
        add_entries(actor=actor, person_list=person_list, rows=[row])
    return person_list


def _mapped(file_name: str, rows: dict[int, EntryRow]) -> MappedList:
    """``rows`` (by line) read and checked as the rows of an uploaded file."""
    try:
        return apply_mapping(_table(file_name, rows), list(COLUMNS))
    except FileError as exc:
        raise ValidationError({"rows": [str(exc)]}) from exc


def _table(file_name: str, rows: dict[int, EntryRow]) -> Table:
    return Table(
        file_name=file_name,
        media_type=CSV_TYPE,
        headers=tuple(COLUMNS),
        rows=tuple(
            tuple(row.cells.get(c, "") for c in COLUMNS) for row in rows.values()
        ),
        lines=tuple(rows),
    )


def _row_status(errors: Errors, number: int, row: EntryRow) -> RowStatus | None:
    if not row.status:
        return None
    status = clean_choice(
        errors, f"rows.{number}.status", row.status, TracedStatus.values
    )
    as_of = clean_date(errors, f"rows.{number}.as_of", row.as_of)
    return RowStatus(status, as_of)
