"""Importing person lists: detainee, casualty, burial, hospital, displacement.

An import is one ``tracing.list_imported`` event holding the list's
metadata, its column mapping and the SHA-256 of the file as received (kept
in the blob store, so the list's origin can be proved), then its rows in
``tracing.entries_added`` events of ``ENTRY_CHUNK`` rows each: a 10,000-row
list is 21 events instead of 10,001 (see the README, "Tracing").

Rows that cannot be read (an age that is not an age, a repeated id, ...)
are left out, and ``tracing.list_imported`` names each with its line and
the reason under ``rejected``, so the ledger itself records what was not
imported. The file as a whole is refused, and nothing recorded, when it
cannot be read as a list at all (``files.FileError``).

The list's record follows from its case and the file's digest, so the same
file imported twice into one case gives the list already there.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import Actor, clean_case, raise_if, record_by
from sabt.core.validation import (
    Errors,
    add_error,
    clean_choice,
    clean_date,
    clean_text,
    iso,
)
from sabt.evidence.blobs import BlobStore
from sabt.tracing.duplicates import within_list_duplicates
from sabt.tracing.files import (
    FileError,
    MappedList,
    RejectedRow,
    Table,
    apply_mapping,
    check_mapping,
    read_table,
)
from sabt.tracing.linkage.columns import PersonList as CheckedList
from sabt.tracing.linkage.columns import Years
from sabt.tracing.models import SEX_FROM_LINKAGE, PersonList, TracedStatus
from sabt.tracing.record_ids import (
    list_record,
)

# Rows per tracing.entries_added event (measured: README, "Tracing").
ENTRY_CHUNK = 500

# The status of the people on a list, as of its date, by the list's kind.
STATUS_OF_KIND: dict[str, str] = {
    PersonList.Kind.DETAINEES: TracedStatus.DETAINED,
    PersonList.Kind.CASUALTIES: TracedStatus.DECEASED,
    PersonList.Kind.BURIALS: TracedStatus.DECEASED,
    PersonList.Kind.HOSPITAL: TracedStatus.ALIVE,
    PersonList.Kind.DISPLACEMENT: TracedStatus.ALIVE,
    PersonList.Kind.PFIF: TracedStatus.UNKNOWN,
    PersonList.Kind.OTHER: TracedStatus.UNKNOWN,
}


@dataclass(frozen=True)
class RowStatus:
    """A row's own status and its date, where the file gives one (PFIF)."""

    status: str
    as_of: datetime.date | None


def import_list(
    *,
    actor: Actor,
    path: Path,
    file_name: str,
    name: str,
    kind: str,
    columns: Sequence[str],
    as_of: datetime.date | str | None = None,
    status: str = "",
    description: str = "",
    case: str = DEFAULT_CASE,
) -> PersonList:
    """Import a CSV or XLSX list whose headers map to ``columns``.

    ``columns`` has one of sabt's columns (``linkage.columns.COLUMNS``), or
    "" to leave a header out, per header of the file, in order. ``status``
    is the status of everyone on it as of ``as_of``; by default the kind's
    (``STATUS_OF_KIND``: a detainee list says "detained"). Rows that
    cannot be read are left out and recorded, with their lines and reasons,
    in the import event (``PersonList.rejected_rows``). Raises
    ValidationError naming each bad field (``file`` for a file that cannot
    be read as a list, or whose rows all fail; ``columns`` for the
    mapping); nothing is recorded then.
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
    table: Table | None = None
    mapped: MappedList | None = None
    try:
        table = read_table(path, file_name)
    except FileError as exc:
        add_error(errors, "file", str(exc))
    if table is not None:
        try:
            mapped = apply_mapping(table, columns)
        except FileError as exc:
            mapping_is_wrong = bool(check_mapping(table.headers, columns))
            field = "columns" if mapping_is_wrong else "file"
            add_error(errors, field, str(exc))
    raise_if(errors)
    assert table is not None and mapped is not None  # noqa: S101  # raised above
    mapping = [
        [header, column]
        for header, column in zip(table.headers, columns, strict=True)
        if column
    ]
    return record_list(
        actor=actor,
        path=path,
        file_name=file_name,
        media_type=table.media_type,
        meta=meta,
        mapping=mapping,
        checked=mapped.checked,
        rejected=mapped.rejected,
    )


def record_list(
    *,
    actor: Actor,
    path: Path,
    file_name: str,
    media_type: str,
    meta: dict[str, Any],
    mapping: list[list[str]],
    checked: CheckedList,
    rejected: Sequence[RejectedRow] = (),
    row_statuses: Sequence[RowStatus | None] = (),
    row_extras: Sequence[dict[str, Any]] = (),
) -> PersonList:
    """Store the file and record a checked list: metadata, then its rows.

    ``meta`` is what ``list_metadata`` returned; ``rejected`` the rows left
    out, recorded with the list. For importers of other formats
    (``tracing.pfif``): ``row_statuses`` and ``row_extras`` (fields added
    to each row's event body), if given, have one entry per row. Returns
    the list already there if this file is in the case.
    """
    # Storing is write-once and hashes as it copies: a file kept already
    # is not copied again, and its digest names the list.
    blob = BlobStore(settings.SABT_BLOB_DIR).put_path(path)
    record = list_record(meta["case"], blob.sha256)
    if found := PersonList.objects.filter(pk=record).first():
        return found
    body = {
        **meta,
        "file": {
            "sha256": blob.sha256,
            "name": file_name[:255],
            "size": blob.size,
            "media_type": media_type,
        },
        "mapping": mapping,
        "row_count": len(checked),
        "rejected": [{"line": row.line, "reason": row.reason} for row in rejected],
        "duplicates": within_list_duplicates(checked),
    }
    with transaction.atomic():
        record_by(actor, "tracing.list_imported", record, body)
        for first, rows in _chunks(checked, row_statuses, row_extras):
            record_by(
                actor, "tracing.entries_added", record, {"first": first, "rows": rows}
            )
    return PersonList.objects.get(pk=record)


def imported_before(path: Path, case: str) -> PersonList | None:
    """The list this very file already became in the case, if it did.

    Lists are named by the file's digest, so the same bytes under another
    list name add nothing (``record_list``); this says so beforehand.
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return PersonList.objects.filter(pk=list_record(case, digest.hexdigest())).first()


def list_metadata(
    errors: Errors,
    *,
    name: str,
    kind: str,
    as_of: datetime.date | str | None = None,
    status: str = "",
    description: str = "",
    case: str = DEFAULT_CASE,
) -> dict[str, Any]:
    """Check a list's metadata; the event body's plain fields."""
    kind = clean_choice(errors, "kind", kind, list(PersonList.Kind.values))
    return {
        "case": clean_case(errors, case),
        "name": clean_text(errors, "name", name, max_length=200, required=True),
        "kind": kind,
        "as_of": iso(clean_date(errors, "as_of", as_of)),
        "status": clean_choice(errors, "status", status, TracedStatus.values)
        if status
        else STATUS_OF_KIND.get(kind, TracedStatus.UNKNOWN),
        "description": clean_text(errors, "description", description, max_length=5000),
    }


def _chunks(
    checked: CheckedList,
    row_statuses: Sequence[RowStatus | None],
    row_extras: Sequence[dict[str, Any]],
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The rows as event bodies, ENTRY_CHUNK at a time, empty values left out."""
    rows: list[dict[str, Any]] = []
    first = 0
    for position in range(len(checked)):
        row = _row(checked, position, row_statuses)
        if row_extras:
            row.update(row_extras[position])
        rows.append(row)
        if len(rows) == ENTRY_CHUNK:
            yield first, rows
            first, rows = position + 1, []
    if rows:
        yield first, rows


def _row(
    checked: CheckedList, position: int, row_statuses: Sequence[RowStatus | None]
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": checked.ids[position]}
    for column, values in checked.text.items():
        if values[position]:
            # The file keeps the whole cell; no name or place is longer.
            row[column] = values[position][:200]
    sex = SEX_FROM_LINKAGE[checked.sex[position]]
    if sex != "unknown":
        row["sex"] = sex
    for column, years in (
        ("age", checked.age[position]),
        ("birth_year", checked.birth_year[position]),
    ):
        if years is not None:
            row[column] = _years(years)
    seen = checked.last_seen_date[position]
    if seen is not None:
        row["last_seen_date"] = seen.isoformat()
    own = row_statuses[position] if row_statuses else None
    if own is not None:
        row["status"] = own.status
        if own.as_of is not None:
            row["status_as_of"] = own.as_of.isoformat()
    return row


def _years(years: Years) -> list[int]:
    return [years.low, years.high]


def store_upload(path: Path, file_name: str) -> str:
    """Keep an uploaded list in the blob store while its columns are mapped.

    Returns its SHA-256, by which ``uploaded_file`` finds it again. Nothing
    is recorded: the import event names the file once it is confirmed.
    Raises ValidationError naming ``file`` when it cannot be read as a list;
    it is not kept then.
    """
    try:
        read_table(path, file_name)
    except FileError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    return BlobStore(settings.SABT_BLOB_DIR).put_path(path).sha256


def uploaded_file(sha256: str) -> Path:
    """The stored upload; raises evidence.blobs' BlobNotFound or InvalidDigest."""
    return BlobStore(settings.SABT_BLOB_DIR).path_of(sha256)
