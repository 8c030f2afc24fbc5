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

from sabt.tracing.linkage.columns import TEXT_COLUMNS, Years
from sabt.tracing.linkage.columns import PersonList as CheckedList
from sabt.tracing.models import SEX_TO_LINKAGE, ListEntry, TracingRequest

# Candidates at least this probable go to the review queue. Far below the
# 0.9 of ``sabt link``: a person reviews each one, and a namesake with
# another father (probability about 0.1 to 0.4) is worth a look and an
# explicit "rejected".
REVIEW_THRESHOLD = 0.05


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
    # Splink, DuckDB and pandas load only when a list is matched, not with
    # every page of the web app.
    from sabt.tracing.linkage.levels import FIELDS  # noqa: PLC0415
    from sabt.tracing.linkage.run import link  # noqa: PLC0415

    sought = requests_as_list(requests)
    found = entries_as_list(entries)
    if not len(sought) or not len(found):
        return []
    linkage = link(sought, found, as_of=as_of, threshold=threshold)
    pairs: list[Pair] = []
    for row in linkage.pairs.itertuples(index=False):
        values = row._asdict()
        pairs.append(
            Pair(
                request=str(values["id_a"]),
                entry=str(values["id_b"]),
                probability=_number(values["probability"]),
                match_weight=_number(values["match_weight"]),
                weights={field: _number(values[f"{field}_weight"]) for field in FIELDS},
            )
        )
    return pairs


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
    """A person list's entries, as the linkage reads a list."""
    rows = list(entries)
    return CheckedList(
        source="person list",
        ids=[row.key for row in rows],
        text={
            column: [getattr(row, column) for row in rows] for column in TEXT_COLUMNS
        },
        sex=[SEX_TO_LINKAGE.get(row.sex, "") for row in rows],
        age=[years_between(row.age_low, row.age_high) for row in rows],
        birth_year=[
            years_between(row.birth_year_low, row.birth_year_high) for row in rows
        ],
        last_seen_date=[row.last_seen_date for row in rows],
        headers=frozenset(),
        ignored=(),
    )


def years_between(low: int | None, high: int | None) -> Years | None:
    """A range of years from its ends; an open end takes the other's value."""
    if low is None:
        return None if high is None else Years(high, high)
    return Years(low, low if high is None else high)


def _number(value: object) -> float:
    """A finite float for an event body (canonical JSON has no NaN)."""
    number = float(value)  # type: ignore[arg-type]  # pandas numbers
    return number if math.isfinite(number) else 0.0
