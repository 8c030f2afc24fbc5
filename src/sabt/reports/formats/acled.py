"""Incidents as ACLED CSV: the 31 columns of ACLED's codebook (2023 onwards).

sabt holds allegations with their uncertainty; ACLED wants one date, one
place and one number. How each is mapped, after the codebook's own rules,
is in the README ("Data for the humanitarian system"); the code says what,
the README says why.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from sabt.records.vocabularies import vocabulary
from sabt.reports.contents import IncidentShown, PlaceShown, ReportContents
from sabt.reports.formats import (
    IncidentAtPlace,
    csv_text,
    deniers_of,
    rows_of,
    sources_of,
)

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# sabt's gazetteer is Afghanistan's: ISO 3166 numeric and alpha-3, and the
# region ACLED files it under.
COUNTRY = "Afghanistan"
ISO_NUMERIC = 4
ISO_ALPHA3 = "AFG"
REGION = "South Asia"

EVENT_TYPES = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
}
DISORDER_TYPES = {
    "battles": "Political violence",
    "explosions_remote_violence": "Political violence",
    "violence_against_civilians": "Political violence",
    "protests": "Demonstrations",
    "riots": "Demonstrations",
    "strategic_developments": "Strategic developments",
}
# Sub-event types that are both: force used against a demonstration.
BOTH_DISORDERS = {"excessive_force_against_protesters", "mob_violence"}
BOTH = "Political violence; Demonstrations"

CIVILIANS = "Civilians (Afghanistan)"
INTER_CIVILIANS = 7

# ACLED's source scale by the kind of source quoted.
SOURCE_SCALES = {
    "victim": "Local partner",
    "witness": "Local partner",
    "relative": "Local partner",
    "collective": "Local partner",
    "social_media_account": "New media",
}
OTHER_SCALE = "Other"

# Longest span, in days, of each time precision: a week, then anything.
WEEK = 7
ALLEGED = " (alleged)"


def acled_csv(contents: ReportContents) -> str:
    """The incidents of ``contents`` as ACLED CSV text."""
    return csv_text(_rows(contents))


def _rows(contents: ReportContents) -> Iterator[list[object]]:
    yield list(COLUMNS)
    for row in rows_of(contents):
        yield [_cells(row)[column] for column in COLUMNS]


def _cells(row: IncidentAtPlace) -> dict[str, object]:
    incident, place = row.incident, row.place
    event_date, precision = event_date_of(incident)
    actor1 = incident.perpetrator.removesuffix(ALLEGED)
    targets_civilians = _targets_civilians(incident)
    killed = next(c for c in incident.counts if c.what == "killed")
    return {
        "event_id_cnty": _event_id(incident, row.position),
        "event_date": event_date.isoformat(),
        "year": event_date.year,
        "time_precision": precision,
        "disorder_type": _disorder(incident),
        "event_type": acled_event_type(incident.event_type),
        "sub_event_type": acled_sub_event_type(incident.sub_event_type),
        "actor1": actor1,
        "assoc_actor_1": "",
        # sabt records no actor type; an empty code is not a guessed one.
        "inter1": "",
        "actor2": CIVILIANS if targets_civilians else "",
        "assoc_actor_2": "",
        "inter2": INTER_CIVILIANS if targets_civilians else "",
        "interaction": "",
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": ISO_NUMERIC,
        "region": REGION,
        "country": COUNTRY,
        "admin1": place.province if place else "",
        "admin2": place.district if place else "",
        "admin3": "",
        "location": _location(place),
        "latitude": _coordinate(place.latitude) if place else "",
        "longitude": _coordinate(place.longitude) if place else "",
        "geo_precision": geo_precision(place),
        "source": "; ".join(sources_of(incident)),
        "source_scale": _source_scale(incident),
        "notes": _notes(incident, place),
        # The low end of the range: the codebook takes the most conservative
        # of the reported figures. Not known is 0, as ACLED codes it.
        "fatalities": killed.low or 0,
        "tags": "; ".join(_tags(incident, place, precision)),
        "timestamp": int(
            datetime.datetime.fromisoformat(incident.updated_at).timestamp()
        ),
    }


def event_date_of(incident: IncidentShown) -> tuple[datetime.date, int]:
    """The one date ACLED codes and its time precision (1, 2 or 3).

    A day is precision 1. A span of up to a week is 2 and a longer span or
    a date known to the month or year is 3, each coded at the middle day.
    """
    start = incident.date_from
    end = incident.date_to or start
    if incident.date_precision == "month":
        end = _month_end(start)
    elif incident.date_precision == "year":
        end = datetime.date(start.year, 12, 31)
    days = (end - start).days
    middle = start + datetime.timedelta(days=days // 2)
    if days == 0 and incident.date_precision == "day":
        return start, 1
    if days < WEEK:
        return middle, 2
    return middle, 3


def geo_precision(place: PlaceShown | None) -> int:
    """1 for a settled town or village, 2 for another settled place, 3 else."""
    if place is None or not place.is_resolved:
        return 3
    return 1 if place.is_populated_place else 2


def _event_id(incident: IncidentShown, position: int) -> str:
    suffix = "" if position == 1 else f"-{position}"
    return f"{ISO_ALPHA3}-{incident.record}{suffix}"


def _disorder(incident: IncidentShown) -> str:
    if incident.sub_event_type in BOTH_DISORDERS:
        return BOTH
    return DISORDER_TYPES.get(incident.event_type, "")


def acled_event_type(code: str) -> str:
    """ACLED's name of an event type, as its codebook spells it."""
    return EVENT_TYPES.get(code, code)


def acled_sub_event_type(code: str) -> str:
    """ACLED's name of a sub-event type: sabt's English label, unspaced."""
    term = vocabulary("event_types").get(code)
    return term.label_en.replace(" / ", "/") if term else code


def _targets_civilians(incident: IncidentShown) -> bool:
    """Violence against civilians, or remote violence whose victims are."""
    if incident.event_type == "violence_against_civilians":
        return True
    return incident.event_type == "explosions_remote_violence" and any(
        "civilian" in act.victim_group.casefold() for act in incident.acts
    )


def _location(place: PlaceShown | None) -> str:
    if place is None:
        return ""
    return place.settled_name if place.is_resolved else place.name_as_given


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _source_scale(incident: IncidentShown) -> str:
    quotes = incident.allegations + incident.context
    scales = dict.fromkeys(
        SOURCE_SCALES.get(quote.source_kind, OTHER_SCALE) for quote in quotes
    )
    return "-".join(scales)


def _notes(incident: IncidentShown, place: PlaceShown | None) -> str:
    notes = [incident.description or incident.title]
    denials = deniers_of(incident)
    if denials:
        notes.append(f"Denied by: {'; '.join(denials)}.")
    if place is not None and not place.is_resolved:
        candidates = ", ".join(place.candidates) or "none in the gazetteer"
        notes.append(
            f"Place '{place.name_as_given}' not yet settled; it may be: {candidates}."
        )
    return " ".join(notes)


def _tags(
    incident: IncidentShown, place: PlaceShown | None, precision: int
) -> list[str]:
    tags = [f"sabt verification={incident.status}"]
    if incident.perpetrator.endswith(ALLEGED):
        tags.append("perpetrator alleged")
    if precision > 1:
        end = incident.date_to or incident.date_from
        tags.append(f"date range={incident.date_from}/{end}")
    for count in incident.counts:
        if count.low is None and count.high is None:
            continue
        high = "" if count.high is None else count.high
        tags.append(f"{count.what} range={count.low or 0}-{high}")
    if place is not None and not place.is_resolved:
        tags.append("location unresolved")
    return tags


def _unix_time(moment: str) -> int:
    return int(datetime.datetime.fromisoformat(moment).timestamp())


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
