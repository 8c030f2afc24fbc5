"""A record edited in two places at once: its versions, side by side.

A record's heads are the events no later event names as parent. Two heads
mean two devices (two kits, or a kit and headquarters) changed it without
seeing each other; the projection keeps both heads and overwrites nothing.
Each version is what the record says as of one head (``records.versions``);
the event that settles them names every head as parent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sabt.records.versions import (
    COUNTS,
    FREE_TEXT,
    Version,
    created_by,
    differing,
    settling_type,
    versions_of,
)

# Fields that are ``[min, max]`` ranges, shown as one.
RANGES = frozenset({*COUNTS, "age", "birth_year"})
# Coded fields, by the event that creates the record: the vocabulary whose
# labels a page shows for their codes (``web.labels``).
VOCABULARIES: dict[str, dict[str, str]] = {
    "incident.reported": {
        "event_type": "event_type",
        "sub_event_type": "sub_event_type",
        "date_precision": "date_precision",
        "status": "status",
    },
    "person.recorded": {"sex": "sex", "status": "person_status"},
    "source.registered": {
        "kind": "source_kind",
        "reliability": "reliability",
        "name": "consent_level",
        "account": "consent_level",
    },
}


@dataclass(frozen=True)
class Choice:
    """One version's value of a field, as shown and as a form sends it back."""

    index: int
    shown: str


@dataclass(frozen=True)
class Row:
    field: str
    values: tuple[str, ...]
    differs: bool
    free_text: bool = False
    vocabulary: str = ""  # whose labels name the values, if they are codes

    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(i, shown) for i, shown in enumerate(self.values))


@dataclass(frozen=True)
class Conflict:
    versions: tuple[Version, ...]
    rows: tuple[Row, ...]
    # Whether a person can settle it here with one event (see the view).
    settles: bool = False

    @property
    def heads(self) -> str:
        return " ".join(sorted(v.event_id for v in self.versions))

    @property
    def differing(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.differs)


def conflict_of(record: str) -> Conflict | None:
    """The record's versions and what each says, or None with one head."""
    versions = versions_of(record)
    if len(versions) < 2:
        return None
    differ = differing(versions)
    agreed = sorted({name for v in versions for name in v.fields} - set(differ))
    codes = VOCABULARIES.get(created_by(record), {})
    rows = tuple(
        Row(
            name,
            tuple(_shown(v.fields.get(name), name) for v in versions),
            name in differ,
            name in FREE_TEXT,
            codes.get(name, ""),
        )
        # What differs first: that is what a person settles.
        for name in [*differ, *agreed]
    )
    return Conflict(tuple(versions), rows, settling_type(record) is not None)


def choices_from(conflict: Conflict, form: Mapping[str, str]) -> dict[str, Any]:
    """What a person chose in the panel's form: ``pick-<field>`` names a
    version by its number, or ``new`` with the text in ``text-<field>``.

    A field left unpicked is left out, for the service to refuse.
    """
    chosen: dict[str, Any] = {}
    for row in conflict.differing:
        pick = form.get(f"pick-{row.field}", "")
        if pick == "new" and row.free_text:
            chosen[row.field] = form.get(f"text-{row.field}", "")
        elif pick.isdigit() and int(pick) < len(conflict.versions):
            chosen[row.field] = conflict.versions[int(pick)].fields.get(row.field)
    return chosen


def _shown(value: object, name: str = "") -> str:
    if value is None:
        return ""
    if name in RANGES and isinstance(value, list):
        low, high = (_shown(end) or "?" for end in value)
        if low == high:
            return "" if low == "?" else low
        return f"{low}–{high}"  # noqa: RUF001
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        # A place as the report named it.
        return str(value.get("name", value))
    return str(value)
