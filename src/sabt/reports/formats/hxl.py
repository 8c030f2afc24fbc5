"""Incidents as an HXL-tagged CSV (HXL 1.1): a header row, then hashtags.

Counts are ranges, so each has a ``+min`` and a ``+max`` column; an empty
cell is "not known", never zero. Dates are ISO 8601; ``#date+occurred`` is
the first day, ``#date+end`` the last one of a span, ``#date+precision``
how exactly they are known. An unresolved place keeps the name as given in
``#loc+name``, ``#loc+status`` says ``unresolved`` and the coordinates stay
empty: nothing is guessed. Event types are named as ACLED names them.
"""

from __future__ import annotations

from collections.abc import Iterator

from sabt.records.vocabularies import Vocabulary, act_types
from sabt.reports.contents import Count, ReportContents
from sabt.reports.formats import (
    IncidentAtPlace,
    csv_text,
    deniers_of,
    missing_count,
    rows_of,
    sources_of,
)
from sabt.reports.formats.acled import acled_event_type, acled_sub_event_type

COLUMNS: tuple[tuple[str, str], ...] = (
    ("Incident", "#event+id"),
    ("Title", "#event+name"),
    ("Date from", "#date+occurred"),
    ("Date to", "#date+end"),
    ("Date precision", "#date+precision"),
    ("Event type", "#event+type"),
    ("Sub-event type", "#event+type+sub"),
    ("Acts", "#event+acts"),
    ("Province", "#adm1+name"),
    ("District", "#adm2+name"),
    ("Place", "#loc+name"),
    ("Place as given", "#loc+name+given"),
    ("Place status", "#loc+status"),
    ("Latitude", "#geo+lat"),
    ("Longitude", "#geo+lon"),
    ("Killed (min)", "#affected+killed+min"),
    ("Killed (max)", "#affected+killed+max"),
    ("Injured (min)", "#affected+injured+min"),
    ("Injured (max)", "#affected+injured+max"),
    ("Detained (min)", "#affected+detained+min"),
    ("Detained (max)", "#affected+detained+max"),
    ("Missing (min)", "#affected+missing+min"),
    ("Missing (max)", "#affected+missing+max"),
    ("Displaced (min)", "#affected+idps+min"),
    ("Displaced (max)", "#affected+idps+max"),
    ("Alleged perpetrator", "#org+perpetrator"),
    ("Verification status", "#status+verification"),
    ("Sources", "#meta+source"),
    ("Denied by", "#meta+source+denial"),
    ("Updated", "#date+updated"),
)


def hxl_csv(contents: ReportContents) -> str:
    """The incidents of ``contents`` as HXL-tagged CSV text."""
    return csv_text(_rows(contents))


def _rows(contents: ReportContents) -> Iterator[list[object]]:
    yield [name for name, _ in COLUMNS]
    yield [tag for _, tag in COLUMNS]
    for row in rows_of(contents):
        yield _row(row)


def _row(row: IncidentAtPlace) -> list[object]:
    incident, place = row.incident, row.place
    counts = {count.what: count for count in incident.counts}
    missing = Count("missing", *missing_count(incident))
    return [
        incident.record,
        incident.title,
        incident.date_from.isoformat(),
        (incident.date_to or incident.date_from).isoformat(),
        incident.date_precision,
        acled_event_type(incident.event_type),
        acled_sub_event_type(incident.sub_event_type),
        "; ".join(
            dict.fromkeys(english(act_types(), act.act_type) for act in incident.acts)
        ),
        place.province if place else "",
        place.district if place else "",
        (place.settled_name or place.name_as_given) if place else "",
        place.name_as_given if place else "",
        ("settled" if place.is_resolved else "unresolved") if place else "",
        place.latitude if place else None,
        place.longitude if place else None,
        *_range(counts["killed"]),
        *_range(counts["injured"]),
        *_range(counts["detained"]),
        *_range(missing),
        *_range(counts["displaced"]),
        incident.perpetrator,
        incident.status,
        "; ".join(sources_of(incident)),
        "; ".join(deniers_of(incident)),
        incident.updated_at[:10],
    ]


def _range(count: Count) -> tuple[int | None, int | None]:
    return count.low, count.high


def english(terms: Vocabulary, code: str) -> str:
    """The English label of a code: tools reading HXL match on English."""
    term = terms.get(code)
    return term.label_en if term else code
