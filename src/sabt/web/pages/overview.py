"""What the overview page shows: incidents on the map, in time, and counted.

The map data is drawn by ``overview_map.js`` over the district outlines
sabt carries (no tiles, no network). Each incident sits at its settled
places; a name not yet settled sits at the middle of its candidates' area
and is marked so, with the area itself. The timeline and the counts are
laid out here as numbers for server-drawn SVG: an incident runs from its
first to its last day, and a count known only as a range is drawn as one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from sabt.access.queries import visible_places
from sabt.gazetteer.models import District, FeatureCollection
from sabt.records.models import Act, Incident
from sabt.records.vocabularies import act_types, event_types
from sabt.web.dates import write_span
from sabt.web.place_names import district_name

# One colour for each top-level ACLED event type, readable on the map's
# grey-blue districts and distinct for the common kinds of colour blindness.
TYPE_COLOURS = {
    "violence_against_civilians": "#c0392b",
    "battles": "#1f5fa8",
    "explosions_remote_violence": "#d68910",
    "protests": "#7d3c98",
    "riots": "#117a65",
    "strategic_developments": "#5d6d7e",
}
OTHER_COLOUR = "#333333"
# The timeline's and the bars' drawing width, in SVG user units.
WIDTH = 600.0


class MapIncident(TypedDict):
    record: str
    title: str
    when: str
    colour: str


class MapPoint(TypedDict):
    latitude: float
    longitude: float
    name: str
    unresolved: bool
    # [[south, west], [north, east]] of an unresolved name's candidates.
    area: list[list[float]] | None
    incident: MapIncident


class OverviewMap(TypedDict):
    districts: FeatureCollection
    points: list[MapPoint]


@dataclass(frozen=True)
class Legend:
    code: str
    label: str
    colour: str


@dataclass(frozen=True)
class TimelineRow:
    incident: Incident
    when: str
    colour: str
    x: float
    width: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class RangeBar:
    """A count from ``low`` to ``high`` (None: no upper bound known)."""

    label: str
    items: int
    known: bool  # whether any item gave a count at all
    low: int
    high: int | None
    low_width: float
    high_width: float


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    ticks: list[Tick]
    months: list[RangeBar]


@dataclass
class _Sum:
    items: int = 0
    low: int = 0
    high: int | None = 0
    seen: set[str] = field(default_factory=set)

    known: int = 0

    def add(self, key: str, low: int | None, high: int | None) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.items += 1
        if low is None and high is None:
            return  # no count given: it adds nothing, not even "at least 0"
        self.known += 1
        self.low += low or 0
        self.high = None if self.high is None or high is None else self.high + high


def colour_of(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def legend(incidents: Iterable[Incident]) -> list[Legend]:
    present = {incident.event_type for incident in incidents}
    return [
        Legend(code, event_types().label(code), colour_of(code))
        for code in [*TYPE_COLOURS, *sorted(present - set(TYPE_COLOURS))]
        if code in present
    ]


def overview_map(user: User, incidents: list[Incident]) -> OverviewMap:
    """Every place of every incident, settled or at its candidates' area."""
    wanted = {
        candidate["place"]
        for incident in incidents
        for row in incident.places.all()
        if row.place is None
        for candidate in row.candidates
    }
    shown = visible_places(user).filter(key__in=wanted)
    candidates = {place.key: place for place in shown}
    points: list[MapPoint] = []
    for incident in incidents:
        about: MapIncident = {
            "record": incident.record,
            "title": incident.title,
            "when": _when(incident),
            "colour": colour_of(incident.event_type),
        }
        for row in incident.places.all():
            if row.place is not None:
                points.append(
                    {
                        "latitude": row.place.latitude,
                        "longitude": row.place.longitude,
                        "name": row.place.name,
                        "unresolved": False,
                        "area": None,
                        "incident": about,
                    }
                )
                continue
            near = [
                candidates[c["place"]]
                for c in row.candidates
                if c["place"] in candidates
            ]
            if not near:
                continue  # nowhere to draw it: the list and the counts still show it
            south = min(place.latitude for place in near)
            north = max(place.latitude for place in near)
            west = min(place.longitude for place in near)
            east = max(place.longitude for place in near)
            points.append(
                {
                    "latitude": (south + north) / 2,
                    "longitude": (west + east) / 2,
                    "name": row.name_as_given,
                    "unresolved": True,
                    "area": [[south, west], [north, east]],
                    "incident": about,
                }
            )
    return {"districts": District.objects.all().feature_collection(), "points": points}


def timeline(incidents: list[Incident], *, right_to_left: bool) -> Timeline:
    """One row per incident over the months they span, and counts by month."""
    if not incidents:
        return Timeline([], [], [])
    start = min(incident.date_from for incident in incidents).replace(day=1)
    last = max(_last_day(incident) for incident in incidents)
    end = _next_month(last.replace(day=1))
    days = (end - start).days

    def x_of(day: datetime.date) -> float:
        x = (day - start).days / days * WIDTH
        return WIDTH - x if right_to_left else x

    rows = []
    for incident in incidents:
        left, right = (
            x_of(incident.date_from),
            x_of(_last_day(incident) + datetime.timedelta(days=1)),
        )
        low, high = sorted((left, right))
        rows.append(
            TimelineRow(
                incident,
                _when(incident),
                colour_of(incident.event_type),
                low,
                max(high - low, 2.0),
            )
        )
    ticks = []
    months: dict[datetime.date, _Sum] = {}
    month = start
    while month < end:
        ticks.append(Tick(x_of(month), write_span(month, None, "month")))
        months[month] = _Sum()
        month = _next_month(month)
    for incident in incidents:
        # Counted in the month it began: a count is not spread over a range.
        months[incident.date_from.replace(day=1)].add(
            incident.record, incident.killed_min, incident.killed_max
        )
    return Timeline(
        rows,
        ticks,
        _bars({tick.label: months[m] for tick, m in zip(ticks, months, strict=True)}),
    )


def by_district(incidents: list[Incident]) -> list[RangeBar]:
    """Incidents and people killed by district; an unsettled name by its own."""
    sums: dict[str, _Sum] = defaultdict(_Sum)
    for incident in incidents:
        for row in incident.places.all():
            # In the reader's script: "Khenj (Hese- Awal)" is خنج in Dari.
            district = district_name(row.district) or _("district not settled")
            sums[district].add(
                incident.record, incident.killed_min, incident.killed_max
            )
    return _bars(dict(sorted(sums.items(), key=lambda item: -item[1].items)))


def by_act_type(acts: Iterable[Act]) -> list[RangeBar]:
    """Acts and their victims by type of act."""
    sums: dict[str, _Sum] = defaultdict(_Sum)
    for act in acts:
        sums[act_types().label(act.act_type)].add(
            act.record, act.victim_count_min, act.victim_count_max
        )
    return _bars(dict(sorted(sums.items(), key=lambda item: -item[1].items)))


def _bars(sums: dict[str, _Sum]) -> list[RangeBar]:
    top = max([s.high if s.high is not None else s.low for s in sums.values()] + [1])
    return [
        RangeBar(
            label=label,
            items=s.items,
            known=s.known > 0,
            low=s.low,
            high=s.high,
            low_width=s.low / top * WIDTH,
            # An open range fades out a little past its lowest count.
            high_width=(s.high if s.high is not None else min(top, s.low * 1.5 + 1))
            / top
            * WIDTH,
        )
        for label, s in sums.items()
    ]


def _when(incident: Incident) -> str:
    return write_span(incident.date_from, incident.date_to, incident.date_precision)


def _last_day(incident: Incident) -> datetime.date:
    return incident.date_to or incident.date_from


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
