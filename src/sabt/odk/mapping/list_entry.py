"""A list entry submission: one person of a detainee, casualty or burial list.

The entry is added, through the tracing services, to the list its
register names (kind and name): one list per register in a case, opened by
its first entry, so a register copied person by person stays one source.
Its row id is the submission's instance id, so the same submission is
never a second entry, and its first status report notes where it came
from (device, time, export). A row that cannot be read refuses the
submission with the reason, and nothing is written. A photo of the
list page becomes an evidence item, its custody opened at the phone.
"""

from __future__ import annotations

from sabt.odk.forms.tracing import LIST_FORM_ID
from sabt.odk.mapping import Context, Mapping
from sabt.odk.mapping.tracing_request import place_name
from sabt.odk.media import add_media, capture_time, device_of
from sabt.odk.submission import Submission
from sabt.tracing.models import ListEntry
from sabt.tracing.services.list_entries import EntryRow, add_to_register

# The list's own description; each entry's origin is on its first report.
LIST_DESCRIPTION = (
    "Copied from the register on ODK Collect, one submission per person; "
    "each entry notes the device, the time and the export it came in."
)

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
    person_list = add_to_register(
        actor=context.actor,
        case=context.case,
        kind=values.get("list_kind", ""),
        name=values.get("list_name", ""),
        row=EntryRow(
            cells=row,
            status=values.get("status", ""),
            as_of=values.get("date") or None,
            origin=_origin(submission, context),
        ),
        description=LIST_DESCRIPTION,
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


def _origin(submission: Submission, context: Context) -> str:
    notes = submission.data.values.get("notes", "")
    origin = (
        f"Copied on ODK Collect device {device_of(submission) or 'unknown'} "
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
