"""Incidents as rows for the humanitarian system: HXL-tagged CSV and ACLED CSV.

Both read a report's contents (``reports.contents``), so a row carries only
what consent lets the audience see: its sources are the quoted ones, named
or under their pseudonym as the report would show them. One row per place
an incident names, as ACLED codes one event per location; an incident with
no place is one row without a location. Every text cell goes through
``csvsafe.neutralise``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sabt.csvsafe import neutralise
from sabt.reports.contents import IncidentShown, PlaceShown, ReportContents

# Codes of sabt's act vocabulary whose victims are missing: taken, fate unknown.
MISSING_ACTS = ("enforced_disappearance",)


@dataclass(frozen=True)
class IncidentAtPlace:
    incident: IncidentShown
    place: PlaceShown | None
    position: int  # 1 for the incident's first place


def rows_of(contents: ReportContents) -> Iterator[IncidentAtPlace]:
    """Each incident once per place it names, in the report's order."""
    for incident in contents.incidents:
        places: Sequence[PlaceShown | None] = incident.places or (None,)
        for position, place in enumerate(places, start=1):
            yield IncidentAtPlace(incident, place, position)


def sources_of(incident: IncidentShown) -> list[str]:
    """Who reports the incident (not who denies it), as the audience may
    see them: the sources of the allegations and context quoted.
    """
    quotes = incident.allegations + incident.context
    return list(dict.fromkeys(quote.source for quote in quotes))


def deniers_of(incident: IncidentShown) -> list[str]:
    """Who denies it, as the audience may see them."""
    return list(dict.fromkeys(quote.source for quote in incident.denials))


def missing_count(incident: IncidentShown) -> tuple[int | None, int | None]:
    """Victims of enforced disappearance, summed as a range.

    The low end adds what is known; the high end is open (None) as soon as
    one act's count has no upper bound.
    """
    counts = [a.victim_count for a in incident.acts if a.act_type in MISSING_ACTS]
    if not counts:
        return None, None
    low = sum(count.low or 0 for count in counts)
    if any(count.high is None for count in counts):
        return low, None
    return low, sum(count.high or 0 for count in counts)


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV (RFC 4180, CRLF line ends), safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return out.getvalue()
