"""What the tracing pages show, assembled from rows: no writes, no access.

``comparison`` puts a request and a list entry side by side, field by
field, with each field's weight from the linkage and, for names, how alike
they are across scripts. ``mapping_preview`` shows the first rows of an
uploaded list as the chosen mapping will read them, and every row the
import would leave out, with its line and the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sabt.names.persons import name_similarity, person_name, split_lineage
from sabt.tracing.files import (
    PREVIEW_ROWS,
    FileError,
    RejectedRow,
    Table,
    apply_mapping,
)
from sabt.tracing.linkage.columns import COLUMNS, TEXT_COLUMNS, Years
from sabt.tracing.matching import years_between
from sabt.tracing.models import (
    SEX_FROM_LINKAGE,
    Candidate,
    ListEntry,
    PersonList,
    StatusReport,
    TracingRequest,
)

# The labels of sabt's columns, for the mapping page and the comparison.
COLUMN_LABELS: dict[str, Promise] = {
    "id": _("Row id"),
    "given_name": _("Given name"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "sex": _("Sex"),
    "age": _("Age"),
    "birth_year": _("Year of birth"),
    "village": _("Village"),
    "district": _("District"),
    "last_seen_place": _("Last seen at"),
    "last_seen_date": _("Last seen on"),
}
NAME_FIELDS = ("given_name", "father_name", "grandfather_name", "family_name")


@dataclass(frozen=True)
class FieldRow:
    """One line of the side-by-side view."""

    field: str
    label: Promise
    sought: str
    found: str
    weight: float | None
    similarity: float | None
    sought_key: str = ""
    found_key: str = ""

    @property
    def agrees(self) -> bool:
        return self.weight is not None and self.weight > 0

    @property
    def disagrees(self) -> bool:
        return self.weight is not None and self.weight < 0


@dataclass(frozen=True)
class Comparison:
    candidate: Candidate
    rows: tuple[FieldRow, ...]


def comparison(candidate: Candidate) -> Comparison:
    """The request and the entry field by field, as the model compared them."""
    request, entry = candidate.request, candidate.entry
    sought = _names(request.given_name, request.father_name, request.grandfather_name)
    found = _names(entry.given_name, entry.father_name, entry.grandfather_name)
    sought["family_name"], found["family_name"] = request.family_name, entry.family_name
    weights = candidate.weights
    rows: list[FieldRow] = []
    for field in NAME_FIELDS:
        a, b = sought[field], found[field]
        rows.append(
            FieldRow(
                field=field,
                label=COLUMN_LABELS[field],
                sought=a,
                found=b,
                weight=weights.get(field),
                similarity=_similarity(a, b),
                sought_key=_key(a),
                found_key=_key(b),
            )
        )
    for field, label, a, b in (
        ("sex", COLUMN_LABELS["sex"], _sex(request.sex), _sex(entry.sex)),
        ("birth_year", _("Age or year of birth"), _age(request), _age(entry)),
        # One weight for both places: see linkage.comparisons._village_comparison.
        (
            "village",
            _("Village (district); last seen at"),
            _places(request),
            _places(entry),
        ),
        (
            "last_seen_date",
            COLUMN_LABELS["last_seen_date"],
            _day(request.last_seen_date),
            _day(entry.last_seen_date),
        ),
    ):
        rows.append(FieldRow(field, label, a, b, weights.get(field), None))
    return Comparison(candidate, tuple(rows))


def timeline(request: TracingRequest) -> list[StatusReport]:
    """What is known of the sought person: the request's own reports and
    those of every entry confirmed to be them, oldest first."""
    confirmed = request.candidates.filter(decision=Candidate.Decision.CONFIRMED)
    reports = [
        *request.status_reports.all(),
        *StatusReport.objects.filter(
            entry__in=confirmed.values("entry")
        ).select_related("entry__person_list"),
    ]
    return sorted(reports, key=lambda report: report.sort_key)


@dataclass(frozen=True)
class Preview:
    """An uploaded list's first rows, raw and as read, or why it cannot be.

    ``read`` starts each row with its line in the file; ``rejected`` holds
    every row the import would leave out.
    """

    headers: tuple[str, ...]
    raw: tuple[tuple[str, ...], ...]
    labels: tuple[Promise, ...]
    read: tuple[tuple[str, ...], ...]
    rows: int
    problem: str
    rejected: tuple[RejectedRow, ...] = ()


def duplicate_pairs(
    person_list: PersonList, entries: QuerySet[ListEntry]
) -> list[tuple[ListEntry, ListEntry]]:
    """The rows of the list flagged as one person written twice, as entries
    (those the viewer may see)."""
    wanted = {row_id for pair in person_list.duplicate_rows for row_id in pair}
    if not wanted:
        return []
    found = {entry.row_id: entry for entry in entries.filter(row_id__in=wanted)}
    return [
        (found[a], found[b])
        for a, b in person_list.duplicate_rows
        if a in found and b in found
    ]


def mapping_preview(table: Table, columns: Sequence[str]) -> Preview:
    """Read the whole file through the mapping; show its first rows."""
    raw = table.preview()
    try:
        mapped = apply_mapping(table, columns)
    except FileError as exc:
        return Preview(table.headers, raw, (), (), 0, str(exc))
    checked = mapped.checked
    shown = tuple(column for column in COLUMNS if column in columns)
    read: list[tuple[str, ...]] = []
    for position in range(min(len(checked), PREVIEW_ROWS)):
        row = {"id": checked.ids[position]}
        row.update({name: checked.text[name][position] for name in TEXT_COLUMNS})
        row["sex"] = _sex(SEX_FROM_LINKAGE[checked.sex[position]])
        row["age"] = _years(checked.age[position])
        row["birth_year"] = _years(checked.birth_year[position])
        row["last_seen_date"] = _day(checked.last_seen_date[position])
        line = str(mapped.lines[position])
        read.append((line, *(row[column] for column in shown)))
    labels = (_("Line"), *(COLUMN_LABELS[column] for column in shown))
    return Preview(
        table.headers,
        raw,
        labels,
        tuple(read),
        len(checked),
        "",
        mapped.rejected,
    )


def _names(given: str, father: str, grandfather: str) -> dict[str, str]:
    """Given, father's and grandfather's names, split as the linkage splits
    "Muhammad Arif s/o Gulahmad" when the father's column is empty."""
    if father:
        return {"given_name": given, "father_name": father,
                "grandfather_name": grandfather}  # fmt: skip
    lineage = split_lineage(given)
    return {
        "given_name": lineage.given or given,
        "father_name": lineage.father,
        "grandfather_name": grandfather or lineage.grandfather,
    }


def _similarity(a: str, b: str) -> float | None:
    if not a or not b:
        return None
    return round(name_similarity(person_name(a), person_name(b)), 2)


def _key(name: str) -> str:
    """The consonant skeleton: what two scripts of a name share."""
    if not name:
        return ""
    return " ".join(person_name(name).token_skeletons)


def _sex(sex: str) -> str:
    return "" if sex == "unknown" else sex


def _age(person: TracingRequest | ListEntry) -> str:
    parts = []
    age = _years(years_between(person.age_low, person.age_high))
    if age:
        parts.append(age)
    if isinstance(person, ListEntry):
        born = _years(years_between(person.birth_year_low, person.birth_year_high))
        if born:
            parts.append(str(_("born %(years)s") % {"years": born}))
    return str(pgettext_lazy("list separator", ", ")).join(parts)


def _places(person: TracingRequest | ListEntry) -> str:
    home = person.village or person.district
    if person.village and person.district:
        home = f"{person.village} ({person.district})"
    seen = person.last_seen_place
    return f"{home}; {seen}" if seen else home


def _years(years: Years | None) -> str:
    if years is None:
        return ""
    return str(years.low) if years.low == years.high else f"{years.low}-{years.high}"


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""
