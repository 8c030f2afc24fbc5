"""A list entry submission: one person of a detainee, casualty or burial list.

The entry goes in through the tracing services as a list would from the
office: a one-row CSV, written here from the answers, imported with the
list's name, kind, date and the person's status. Its row id is the
submission's instance id, so the same submission is never a second entry,
and the list's description says where the entry came from. A photo of the
list page becomes an evidence item, its custody opened at the phone.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from sabt.odk.forms.tracing import LIST_FORM_ID
from sabt.odk.mapping import Context, Mapping
from sabt.odk.mapping.tracing_request import place_name
from sabt.odk.media import add_media, capture_time, device_of
from sabt.odk.submission import Submission
from sabt.tracing.models import ListEntry
from sabt.tracing.services.lists import import_list

# The answers, as the columns of a list (tracing.linkage.columns.COLUMNS).
COLUMNS = {
    "id": "",
    "given_name": "person_name",
    "father_name": "person_father",
    "grandfather_name": "person_grandfather",
    "sex": "person_sex",
    "age": "person_age",
    "last_seen_place": "",
    "last_seen_date": "date",
}


def import_list_entry(submission: Submission, context: Context) -> list[str]:
    values = submission.data.values
    row = {column: values.get(answer, "") for column, answer in COLUMNS.items()}
    row["id"] = submission.instance_id
    row["last_seen_place"] = place_name(values, "place")
    # The form's "not known" is an empty cell to a list.
    row["sex"] = "" if row["sex"] == "unknown" else row["sex"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entry.csv"
        path.write_text(_csv(row), encoding="utf-8")
        person_list = import_list(
            actor=context.actor,
            path=path,
            file_name=f"{submission.instance_id.removeprefix('uuid:')}.csv",
            name=values.get("list_name", ""),
            kind=values.get("list_kind", ""),
            columns=list(row),
            as_of=values.get("date") or None,
            status=values.get("status", ""),
            description=_description(submission, context),
            case=context.case,
        )
    records = [person_list.record]
    photo = values.get("photo", "")
    records += add_media(
        actor=context.actor,
        submission=submission,
        names=[photo] if photo else [],
        title=person_list.name,
        incidents=[],
        case=context.case,
        received=context.received,
        blob_root=context.blob_root,
    )
    return records


def _csv(row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def _description(submission: Submission, context: Context) -> str:
    notes = submission.data.values.get("notes", "")
    origin = (
        f"One entry, copied on ODK Collect device {device_of(submission) or 'unknown'} "
        f"at {capture_time(submission) or 'an unknown time'} "
        f"(ODK submission {submission.instance_id}), "
        f"received in export {context.received.export}."
    )
    return f"{origin}\n\n{notes}" if notes else origin


LIST_ENTRY = Mapping(
    name="list_entry",
    form_id=LIST_FORM_ID,
    repeats=frozenset(),
    imported=lambda instance: ListEntry.objects.filter(row_id=instance).exists(),
    apply=import_list_entry,
)
