"""ODK Central's and KoboToolbox's "CSV zip with media" export.

The zip holds ``FORM.csv`` (one row per submission), ``FORM-REPEAT.csv`` for
each repeat (rows tied to their parent by ``PARENT_KEY`` and named by
``KEY`` such as ``uuid:.../victims[2]``) and the attachments in ``media/``.
Group paths are joined with ``-`` as in the submission XML's keys here;
a geopoint's four columns are joined back into ODK's ``lat lon alt acc``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from sabt.odk.errors import OdkError
from sabt.odk.limits import DEFAULT_LIMITS, Limits
from sabt.odk.safezip import SafeZip
from sabt.odk.submission import Group, Submission

MEDIA_DIR = "media/"
MAX_CSV_BYTES = 256 * 1024 * 1024
# Columns the server adds: not answers of the form.
SERVER_COLUMNS = {
    "SubmissionDate",
    "KEY",
    "PARENT_KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
}
GEOPOINT_PARTS = ("Latitude", "Longitude", "Altitude", "Accuracy")
_REPEAT_STEP = re.compile(r"/([^/\[]+)\[(\d+)\]$")


def read_export(
    path: Path, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Submission | OdkError]:
    """Each submission of the export, or the reason it cannot be read.

    A zip that is hostile or not an export at all raises OdkError before
    anything is yielded.
    """
    with SafeZip(path, limits) as archive:
        tables = _tables(archive)
        main_name = _main_table(path.name, tables)
        form_id = main_name.removesuffix(".csv")
        submissions = _submissions(form_id, tables.pop(main_name))
        errors = _attach_repeats(path.name, submissions, tables)
        media = {
            name.removeprefix(MEDIA_DIR): name
            for name in archive.entries
            if name.startswith(MEDIA_DIR)
        }
        for key, submission in submissions.items():
            if key in errors:
                yield errors[key]
                continue
            try:
                submission.media = _media_of(archive, submission, media, limits)
            except OdkError as exc:
                yield OdkError(exc.reason, instance_id=key)
                continue
            yield submission


def _tables(archive: SafeZip) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for name in archive.entries:
        if "/" in name or not name.endswith(".csv"):
            continue
        raw = archive.read(name, MAX_CSV_BYTES)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OdkError(f"{archive.name}: {name} is not UTF-8 text") from exc
        try:
            tables[name] = list(csv.DictReader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise OdkError(f"{archive.name}: {name} is not a CSV file: {exc}") from exc
    return tables


def _main_table(archive: str, tables: dict[str, list[dict[str, str]]]) -> str:
    mains = [
        name
        for name, rows in tables.items()
        if rows and "KEY" in rows[0] and "PARENT_KEY" not in rows[0]
    ]
    if len(mains) != 1:
        raise OdkError(
            f"{archive} is not an ODK Central or KoboToolbox CSV export: it needs "
            "one FORM.csv with a KEY column"
        )
    return mains[0]


def _submissions(form_id: str, rows: list[dict[str, str]]) -> dict[str, Submission]:
    submissions: dict[str, Submission] = {}
    for row in rows:
        key = row.get("KEY") or row.get("meta-instanceID") or ""
        values = _answers(row)
        submissions[key] = Submission(
            form_id=form_id,
            version=row.get("FormVersion", ""),
            instance_id=values.get("meta-instanceID") or key,
            deprecated_id=values.get("meta-deprecatedID", ""),
            data=Group(values=values),
            device_id=row.get("DeviceID", ""),
            submitted_at=row.get("SubmissionDate", ""),
        )
    return submissions


def _attach_repeats(
    archive: str,
    submissions: dict[str, Submission],
    tables: dict[str, list[dict[str, str]]],
) -> dict[str, OdkError]:
    """Hang each repeat row under its parent; note submissions with broken rows."""
    groups: dict[str, Group] = {key: s.data for key, s in submissions.items()}
    rows = [row for table in tables.values() for row in table if "PARENT_KEY" in row]
    # Parents before children: a row's KEY is one step longer than its parent's.
    rows.sort(key=lambda row: (row.get("KEY", "").count("/"), _index(row)))
    errors: dict[str, OdkError] = {}
    for row in rows:
        key, parent_key = row.get("KEY", ""), row.get("PARENT_KEY", "")
        root = key.split("/", 1)[0]
        step = _REPEAT_STEP.search(key)
        parent = groups.get(parent_key)
        if step is None or parent is None or not key.startswith(parent_key + "/"):
            errors.setdefault(
                root,
                OdkError(
                    f"{archive}: the repeat row {key!r} has no parent {parent_key!r}",
                    instance_id=root,
                ),
            )
            continue
        group = Group(values=_answers(row))
        parent.repeats.setdefault(step.group(1), []).append(group)
        groups[key] = group
    return errors


def _index(row: dict[str, str]) -> int:
    step = _REPEAT_STEP.search(row.get("KEY", ""))
    return int(step.group(2)) if step else 0


def _answers(row: dict[str, str]) -> dict[str, str]:
    """The form's answers of one row, a geopoint's columns joined back."""
    values = {
        name: value or ""
        for name, value in row.items()
        if name and name not in SERVER_COLUMNS
    }
    for name in [n for n in values if n.endswith("-Latitude")]:
        stem = name.removesuffix("-Latitude")
        parts = [f"{stem}-{part}" for part in GEOPOINT_PARTS]
        if all(part in values for part in parts):
            numbers = [values.pop(part) for part in parts]
            values[stem] = " ".join(numbers).strip() if any(numbers) else ""
    return values


def _media_of(
    archive: SafeZip, submission: Submission, media: dict[str, str], limits: Limits
) -> dict[str, bytes]:
    """The attachments the submission's answers name, each under the cap."""
    wanted = {v for v in _all_values(submission.data) if v in media}
    return {
        name: archive.read(media[name], limits.max_media_bytes)
        for name in sorted(wanted)
    }


def _all_values(group: Group) -> Iterator[str]:
    yield from group.values.values()
    for rows in group.repeats.values():
        for row in rows:
            yield from _all_values(row)
