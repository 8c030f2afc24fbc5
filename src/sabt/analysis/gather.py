"""A count's inputs, read from the case: entries, linkage pairs, group victims.

A count names person lists (casualty, burial, hospital, ... lists imported
in tracing). Their entries inside the count's period and places become
``counting.Entry`` rows; the linkage (``tracing.linkage``) dedupes all of
them at once, so duplicates within a list and matches across lists are
found by the same model. Entries confirmed by a tracing reviewer as the
same sought person are joined whatever the model says; the analyst's own
pair reviews (``Count.reviews``) are honoured the same way. Unnamed victims
of the incidents' acts of the count's act types stay apart as ranges.

Named victims of those acts (``records.Person``) are one more list when the
count names ``INCIDENT_VICTIMS`` among its lists.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sabt.analysis.counting import Entry, GroupVictims, Pair
from sabt.analysis.models import Count
from sabt.records.models import Act
from sabt.tracing.models import Candidate, ListEntry, PersonList

# The list of named victims in incident reports, beside the person lists.
INCIDENT_VICTIMS = "incident-victims"
INCIDENT_VICTIMS_NAME = "Named victims in incident reports"

# The dimensions of a stratum, in the order of ``Entry.stratum``.
DIMENSIONS = ("district", "period", "sex", "age_group")

# Pairs at least this probable are shown to the analyst; those at or above
# the count's threshold are used.
SHOWN_FROM = 0.5

AGE_GROUPS = ((0, 17, "0-17"), (18, 39, "18-39"), (40, 59, "40-59"), (60, 200, "60+"))


@dataclass(frozen=True)
class Inputs:
    """What a count is computed from, and the digests that name it."""

    entries: list[Entry]
    pairs: list[Pair]
    groups: list[GroupVictims]
    lists: tuple[str, ...]  # list records, in the count's order
    names: dict[str, str]  # list record -> its name
    digests: dict[str, str]  # list record -> SHA-256 of the file received
    rows: dict[str, tuple[str, str]]  # entry -> (its list, its row id)


def gather(count: Count) -> Inputs:
    """Read the count's lists, link their entries and collect group victims."""
    chosen = list(
        PersonList.objects.filter(pk__in=count.lists, case=count.case).order_by(
            "name", "record"
        )
    )
    rows = [
        row
        for row in ListEntry.objects.filter(person_list__in=chosen).order_by(
            "person_list", "position"
        )
        if _inside(count, row.last_seen_date, row.district)
    ]
    if INCIDENT_VICTIMS in count.lists:
        victims = named_victims(count)
        rows = [*rows, *cast(list[ListEntry], victims)]
    entries = [
        Entry(row.key, row.person_list_id, stratum_of(row, count)) for row in rows
    ]
    as_of = _as_of(count)
    reviewed = _reviewed_pairs(rows, count)
    decided = {frozenset((p.left, p.right)) for p in reviewed}
    pairs = [
        *reviewed,
        *(
            p
            for p in _linkage_pairs(rows, as_of)
            if frozenset((p.left, p.right)) not in decided
        ),
    ]
    lists = tuple(p.record for p in chosen)
    names = {p.record: p.name for p in chosen}
    digests = {p.record: p.sha256 for p in chosen}
    if INCIDENT_VICTIMS in count.lists:
        lists += (INCIDENT_VICTIMS,)
        names[INCIDENT_VICTIMS] = INCIDENT_VICTIMS_NAME
        digests[INCIDENT_VICTIMS] = _victims_digest(
            [e.id for e in entries if e.list_name == INCIDENT_VICTIMS]
        )
    return Inputs(
        entries=entries,
        pairs=pairs,
        groups=group_victims(count),
        lists=lists,
        names=names,
        digests=digests,
        rows={row.key: (row.person_list_id, row.row_id) for row in rows},
    )


@dataclass(frozen=True)
class VictimRow:
    """A named victim of an act, read as the linkage reads a list entry."""

    key: str
    row_id: str
    given_name: str
    father_name: str
    grandfather_name: str
    sex: str
    age_low: int | None
    age_high: int | None
    birth_year_low: int | None
    birth_year_high: int | None
    village: str
    last_seen_date: datetime.date | None
    district: str = ""
    family_name: str = ""
    last_seen_place: str = ""
    person_list_id: str = INCIDENT_VICTIMS
    # As a list entry: no PFIF record, so no alternate names.
    pfif: dict[str, object] | None = None


def named_victims(count: Count) -> list[VictimRow]:
    """Each person named as victim of an act of the count's types, once."""
    acts = Act.objects.filter(victim__isnull=False).select_related("victim", "incident")
    if count.act_types:
        acts = acts.filter(act_type__in=count.act_types)
    found: dict[str, VictimRow] = {}
    for act in acts.order_by("incident__date_from", "record"):
        person, incident = act.victim, act.incident
        if person is None or incident.case != count.case:
            continue
        if not _inside(count, incident.date_from, "") or person.record in found:
            continue
        found[person.record] = VictimRow(
            key=person.record,
            row_id=person.name,
            given_name=person.name,
            father_name=person.father_name,
            grandfather_name=person.grandfather_name,
            sex=person.sex,
            age_low=person.age_min,
            age_high=person.age_max,
            birth_year_low=person.birth_year_min,
            birth_year_high=person.birth_year_max,
            village=person.home_place_name,
            last_seen_date=incident.date_from,
        )
    return list(found.values())


def _victims_digest(records: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(records)).encode()).hexdigest()


def stratum_of(row: ListEntry | Any, count: Count) -> tuple[str, ...]:
    """(district, period, sex, age group) of one entry; "" where unknown."""
    return (
        row.district,
        week_of(row.last_seen_date),
        {"male": "male", "female": "female"}.get(row.sex, ""),
        age_group(row.age_low, row.age_high),
    )


def week_of(day: datetime.date | None) -> str:
    """The Monday-to-Sunday week holding the day, as 'from/to' ISO dates."""
    if day is None:
        return ""
    monday = day - datetime.timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + datetime.timedelta(days=6)).isoformat()}"


def age_group(low: int | None, high: int | None) -> str:
    """The age group of an age range, "" if unknown or spanning two groups."""
    if low is None and high is None:
        return ""
    low = high if low is None else low
    high = low if high is None else high
    for first, last, label in AGE_GROUPS:
        if first <= low and high <= last:  # type: ignore[operator]  # both set above
            return label
    return ""


def group_victims(count: Count) -> list[GroupVictims]:
    """Unnamed victims of acts of the count's types, as their ranges."""
    acts = Act.objects.filter(victim__isnull=True, victim_count_min__isnull=False)
    if count.act_types:
        acts = acts.filter(act_type__in=count.act_types)
    acts = acts.select_related("incident").prefetch_related("incident__places")
    found = []
    for act in acts:
        incident = act.incident
        if incident.case != count.case:
            continue
        if not _inside(count, incident.date_from, ""):
            continue
        found.append(
            GroupVictims(
                stratum=("",) * len(DIMENSIONS),
                at_least=act.victim_count_min or 0,
                at_most=act.victim_count_max,
            )
        )
    return found


def _inside(count: Count, day: datetime.date | None, district: str) -> bool:
    """Is a row in the count's period and places? Unknown values count in."""
    if day is not None:
        if count.period_from and day.isoformat() < count.period_from:
            return False
        if count.period_to and day.isoformat() > count.period_to:
            return False
    return not (count.places and district and district not in count.places)


def _as_of(count: Count) -> datetime.date:
    if count.period_to:
        return datetime.date.fromisoformat(count.period_to)
    return datetime.datetime.now(datetime.UTC).date()


def _linkage_pairs(rows: Sequence[ListEntry], as_of: datetime.date) -> list[Pair]:
    # Splink and DuckDB load only when a count is computed.
    from sabt.tracing.linkage.run import dedupe  # noqa: PLC0415
    from sabt.tracing.matching import entries_as_list  # noqa: PLC0415

    if len(rows) < 2:
        return []
    linkage = dedupe(entries_as_list(rows), as_of=as_of, threshold=SHOWN_FROM)
    return [
        Pair(str(a), str(b), float(p))
        for a, b, p in linkage.pairs[["id_a", "id_b", "probability"]].itertuples(
            index=False
        )
    ]


def _reviewed_pairs(rows: Iterable[ListEntry], count: Count) -> list[Pair]:
    """Pairs a person decided: the analyst's, then tracing's confirmations."""
    keys = {row.key for row in rows}
    decided = [
        Pair(left, right, 1.0, decision)
        for (left, right), decision in _analyst_reviews(count).items()
        if left in keys and right in keys
    ]
    by_request: dict[str, list[str]] = defaultdict(list)
    confirmed = Candidate.objects.filter(
        entry__in=keys, decision=Candidate.Decision.CONFIRMED
    ).values_list("request_id", "entry_id")
    for request, entry in confirmed:
        by_request[request].append(entry)
    for entries in by_request.values():
        decided += [Pair(entries[0], other, 1.0, "confirmed") for other in entries[1:]]
    return decided


def _analyst_reviews(count: Count) -> dict[tuple[str, str], str]:
    reviews: dict[str, str] = count.reviews or {}
    pairs = (key.split("|", 1) for key in reviews)
    return {(left, right): reviews[f"{left}|{right}"] for left, right in pairs}
