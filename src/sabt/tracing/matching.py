"""The adapter between tracing's tables and the linkage model.

``linkage.run.link`` compares two checked lists (``linkage.columns.
PersonList``), as read from CSV files. Here the open requests of a case
become one such list and a person list's entries the other, straight from
their rows, so the model sees exactly what it sees for ``sabt link``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from sabt.names.persons import Lineage, split_lineage
from sabt.tracing.linkage.columns import TEXT_COLUMNS, Years
from sabt.tracing.linkage.columns import PersonList as CheckedList
from sabt.tracing.models import SEX_TO_LINKAGE, ListEntry, TracingRequest

# Candidates at least this probable go to the review queue. Far below the
# 0.9 of ``sabt link``: a person reviews each one, and a namesake with
# another father (probability about 0.1 to 0.4) is worth a look and an
# explicit "rejected".
REVIEW_THRESHOLD = 0.05
# Joins an entry's key and the number of one of its other names.
ALTERNATE_MARK = "#"


@dataclass(frozen=True)
class Pair:
    """A request and an entry the model finds alike, and why."""

    request: str
    entry: str
    probability: float
    match_weight: float
    weights: dict[str, float]


def find_pairs(
    requests: Iterable[TracingRequest],
    entries: Iterable[ListEntry],
    *,
    as_of: datetime.date,
    threshold: float = REVIEW_THRESHOLD,
) -> list[Pair]:
    """Pairs (request, entry) at least ``threshold`` probable, best first.

    ``as_of`` is the date the list was drawn up: the age of a row without
    a last-seen date counts from it.
    """
    return match(requests, entries, as_of=as_of, threshold=threshold)[0]


def match(
    requests: Iterable[TracingRequest],
    entries: Iterable[ListEntry],
    *,
    as_of: datetime.date,
    threshold: float = REVIEW_THRESHOLD,
) -> tuple[list[Pair], list[str]]:
    """``find_pairs``, and the lines saying which rules chose the pairs
    and which fields were compared (``linkage.run.Linkage.explain``)."""
    # Splink, DuckDB and pandas load only when a list is matched, not with
    # every page of the web app.
    from sabt.tracing.linkage.levels import FIELDS  # noqa: PLC0415
    from sabt.tracing.linkage.run import link  # noqa: PLC0415

    sought = requests_as_list(requests)
    found = entries_as_list(entries)
    if not len(sought) or not len(found):
        return [], []
    linkage = link(sought, found, as_of=as_of, threshold=threshold)
    best: dict[tuple[str, str], Pair] = {}
    for row in linkage.pairs.itertuples(index=False):
        values = row._asdict()
        # An entry's other names are rows of their own: its key, "#", a number.
        pair = Pair(
            request=str(values["id_a"]),
            entry=str(values["id_b"]).split(ALTERNATE_MARK, 1)[0],
            probability=_number(values["probability"]),
            match_weight=_number(values["match_weight"]),
            weights={field: _number(values[f"{field}_weight"]) for field in FIELDS},
        )
        known = best.get((pair.request, pair.entry))
        if known is None or pair.probability > known.probability:
            best[(pair.request, pair.entry)] = pair
    ranked = sorted(best.values(), key=lambda pair: -pair.probability)
    return ranked, linkage.explain()


def requests_as_list(requests: Iterable[TracingRequest]) -> CheckedList:
    """The sought people of the requests, as the linkage reads a list."""
    rows = list(requests)
    return CheckedList(
        source="tracing requests",
        ids=[row.record for row in rows],
        text={
            column: [getattr(row, column) for row in rows] for column in TEXT_COLUMNS
        },
        sex=[SEX_TO_LINKAGE.get(row.sex, "") for row in rows],
        age=[years_between(row.age_low, row.age_high) for row in rows],
        birth_year=[None for _ in rows],
        last_seen_date=[row.last_seen_date for row in rows],
        headers=frozenset(),
        ignored=(),
    )


def entries_as_list(entries: Iterable[ListEntry]) -> CheckedList:
    """A person list's entries, as the linkage reads a list.

    An entry from PFIF with ``alternate_names`` (where Person Finder keeps
    other spellings, other scripts among them) comes once more for each,
    under that name, so a request written in Dari finds a record written
    in Latin letters that gives the Dari spelling too.
    """
    rows: list[ListEntry] = []
    ids: list[str] = []
    names: list[Lineage | None] = []
    for entry in entries:
        rows.append(entry)
        ids.append(entry.key)
        names.append(None)
        for number, other in enumerate(alternate_names(entry), start=1):
            rows.append(entry)
            ids.append(f"{entry.key}{ALTERNATE_MARK}{number}")
            names.append(other)
    text = {
        column: [
            _text_of(row, name, column) for row, name in zip(rows, names, strict=True)
        ]
        for column in TEXT_COLUMNS
    }
    return CheckedList(
        source="person list",
        ids=ids,
        text=text,
        sex=[SEX_TO_LINKAGE.get(row.sex, "") for row in rows],
        age=[years_between(row.age_low, row.age_high) for row in rows],
        birth_year=[
            years_between(row.birth_year_low, row.birth_year_high) for row in rows
        ],
        last_seen_date=[row.last_seen_date for row in rows],
        headers=frozenset(),
        ignored=(),
    )


def alternate_names(entry: ListEntry) -> list[Lineage]:
    """The other names of a PFIF entry, one a line as PFIF writes them."""
    person = entry.pfif.get("person", {}) if entry.pfif else {}
    written = person.get("alternate_names", "")
    return [split_lineage(line) for line in written.splitlines() if line.strip()]


def _text_of(entry: ListEntry, name: Lineage | None, column: str) -> str:
    """A text column of the entry, or of the entry under another name: the
    parts that name leaves out (a father, a family name) stay the entry's."""
    value = str(getattr(entry, column))
    if name is None:
        return value
    part = {"given_name": name.given, "father_name": name.father}.get(column)
    if column == "grandfather_name":
        part = name.grandfather
    return part or value


def years_between(low: int | None, high: int | None) -> Years | None:
    """A range of years from its ends; an open end takes the other's value."""
    if low is None:
        return None if high is None else Years(high, high)
    return Years(low, low if high is None else high)


def _number(value: object) -> float:
    """A finite float for an event body (canonical JSON has no NaN)."""
    number = float(value)  # type: ignore[arg-type]  # pandas numbers
    return number if math.isfinite(number) else 0.0
