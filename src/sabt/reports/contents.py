"""What a report may show an audience: the facts, gathered once for any format.

Everything passes through the disclosure plan (``bundles.disclosure``): it
checks the rows against a replay of the ledger first, so an edited row cannot
widen what goes out, and it decides by each source's consent which
statements are quoted and which sources are named. What it holds back is
listed with the reason, for the annex.

The result is plain frozen data, so the PDF, the HTML and the data exports
read the same facts, and the report's hash (``content_hash``) can be taken
over them.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import rfc8785

from sabt.bundles.disclosure import Disclosure, plan_for_incidents
from sabt.evidence.models import EvidenceItem
from sabt.gazetteer.models import District, Place
from sabt.records.models import Act, Incident, IncidentPlace, Source, Statement

COUNTED = ("killed", "injured", "detained", "displaced")
# Stances that speak for the allegation, beside those that speak against it.
SUPPORTING = ("alleges", "corroborates")


@dataclass(frozen=True)
class Count:
    what: str
    low: int | None
    high: int | None


@dataclass(frozen=True)
class PlaceShown:
    """A place as named, and as settled in the gazetteer if it was."""

    name_as_given: str
    is_resolved: bool
    settled_name: str = ""
    district: str = ""
    province: str = ""
    latitude: float | None = None
    longitude: float | None = None
    # GeoNames feature code of the settled place: PPL... is a town or village.
    feature_code: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def is_populated_place(self) -> bool:
        return self.feature_code.startswith("PPL")


@dataclass(frozen=True)
class ActShown:
    act_type: str
    victim: str
    victim_group: str
    victim_count: Count
    victims_are_children: bool
    perpetrator: str
    legal_characterisation: str
    notes: str


@dataclass(frozen=True)
class Quote:
    """A statement, with its source as this audience may see them."""

    record: str
    source: str
    # The source has a real identity this audience is not shown.
    source_is_pseudonymous: bool
    source_kind: str
    stance: str
    language: str
    text: str
    translation: str
    made_on: datetime.date | None


@dataclass(frozen=True)
class StatusStep:
    from_status: str
    to_status: str
    reason: str
    at: str


@dataclass(frozen=True)
class FileShown:
    sha256: str
    file_name: str
    media_type: str
    size: int
    acquired_how: str
    acquired_at: str


@dataclass(frozen=True)
class AssessmentShown:
    kind: str
    finding: str
    confidence: str
    method: str
    at: str


@dataclass(frozen=True)
class EvidenceShown:
    record: str
    title: str
    kind: str
    url: str
    posted_by: str
    posted_on: datetime.date | None
    source: str
    verification: str
    files: tuple[FileShown, ...]
    # Custody entries by action (acquired, accessed, exported, ...).
    custody: tuple[tuple[str, int], ...]
    custody_first: str
    custody_last: str
    assessments: tuple[AssessmentShown, ...]


@dataclass(frozen=True)
class IncidentShown:
    record: str
    title: str
    description: str
    event_type: str
    sub_event_type: str
    date_from: datetime.date
    date_to: datetime.date | None
    date_precision: str
    counts: tuple[Count, ...]
    perpetrator: str
    status: str
    status_steps: tuple[StatusStep, ...]
    places: tuple[PlaceShown, ...]
    acts: tuple[ActShown, ...]
    allegations: tuple[Quote, ...]
    denials: tuple[Quote, ...]
    context: tuple[Quote, ...]
    evidence: tuple[EvidenceShown, ...]
    updated_at: str

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.allegations + self.denials + self.context


@dataclass(frozen=True)
class Withheld:
    record: str
    what: str  # "statement" or "identity"
    why: str
    # How far the source's consent lets this go (records.consent.LEVELS).
    level: str


@dataclass(frozen=True)
class ReportContents:
    audience: str
    incidents: tuple[IncidentShown, ...]
    withheld: tuple[Withheld, ...]

    @property
    def quoted(self) -> int:
        """How many statements the report quotes, each counted once."""
        return len({q.record for i in self.incidents for q in i.quotes})

    @property
    def statements_withheld(self) -> int:
        return sum(1 for w in self.withheld if w.what == "statement")


def gather(incident_ids: Sequence[str], audience: str) -> ReportContents:
    """What ``audience`` may see of these incidents, in the order given.

    Raises ValueError (ProjectionDrift among them) as the disclosure plan
    does: a bad audience, a missing incident, a row the ledger disowns.
    """
    disclosure = plan_for_incidents(incident_ids, audience)
    incidents = Incident.objects.in_bulk(incident_ids)
    shown = tuple(
        _incident(incidents[record], disclosure)
        for record in incident_ids
        if record in incidents
    )
    withheld = tuple(_withheld(w) for w in disclosure.withheld)
    return ReportContents(audience=audience, incidents=shown, withheld=withheld)


def content_hash(contents: ReportContents, *, checkpoint: str, bundle: str = "") -> str:
    """SHA-256 of the facts a report shows, the checkpoint it stands on and
    the manifest hash of the bundle it goes out with, if any.

    Taken over RFC 8785 canonical JSON of ``contents``, not over words of
    one language: two reports against one checkpoint, in English and in
    Dari, carry the same hash exactly when they state the same facts.
    """
    facts = _jsonable(dataclasses.asdict(contents))
    facts["checkpoint"] = checkpoint
    if bundle:
        facts["bundle"] = bundle
    return hashlib.sha256(rfc8785.dumps(facts)).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        # Canonical JSON has no place for a float's last digits; coordinates
        # to the metre are what the report prints.
        return f"{value:.5f}"
    return value


def _incident(incident: Incident, disclosure: Disclosure) -> IncidentShown:
    quotes = [
        _quote(statement, disclosure)
        for statement in Statement.objects.filter(
            incidents=incident, pk__in=disclosure.records
        )
        .select_related("source")
        .order_by("made_on", "record")
    ]
    return IncidentShown(
        record=incident.record,
        title=incident.title,
        description=incident.description,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        date_from=incident.date_from,
        date_to=incident.date_to,
        date_precision=incident.date_precision,
        counts=tuple(
            Count(
                what,
                getattr(incident, f"{what}_min"),
                getattr(incident, f"{what}_max"),
            )
            for what in COUNTED
        ),
        perpetrator=incident.perpetrator,
        status=incident.status,
        status_steps=tuple(
            StatusStep(s.from_status, s.to_status, s.reason, s.at)
            for s in incident.status_changes.order_by("at", "event_id")
        ),
        places=tuple(_places(incident)),
        acts=tuple(
            _act(act)
            for act in Act.objects.filter(incident=incident)
            .select_related("victim")
            .order_by("created_at", "record")
        ),
        allegations=tuple(q for q in quotes if q.stance in SUPPORTING),
        denials=tuple(q for q in quotes if q.stance == "denies"),
        context=tuple(q for q in quotes if q.stance not in {*SUPPORTING, "denies"}),
        evidence=tuple(
            _evidence(item, disclosure)
            for item in EvidenceItem.objects.filter(
                incidents=incident, pk__in=disclosure.records
            )
            .select_related("source")
            .prefetch_related("files", "custody", "assessments")
            .order_by("created_at", "record")
        ),
        updated_at=incident.updated_at,
    )


def _withheld(held: dict[str, Any]) -> Withheld:
    if held["what"] == "statement":
        statement = Statement.objects.select_related("source").get(pk=held["record"])
        level = statement.source.consent_account
    else:
        level = Source.objects.get(pk=held["record"]).consent_name
    return Withheld(
        record=held["record"], what=held["what"], why=held["why"], level=level
    )


def _places(incident: Incident) -> list[PlaceShown]:
    rows = IncidentPlace.objects.filter(incident=incident).select_related("place")
    shown = []
    for row in rows.order_by("position"):
        place: Place | None = row.place
        if place is None:
            shown.append(
                PlaceShown(
                    name_as_given=row.name_as_given,
                    is_resolved=False,
                    # A district's own name ("دره") settles the district only.
                    district=row.district,
                    province=_province_of(row.district),
                    candidates=tuple(
                        _candidate_name(candidate) for candidate in row.candidates
                    ),
                )
            )
            continue
        shown.append(
            PlaceShown(
                name_as_given=row.name_as_given,
                is_resolved=True,
                settled_name=place.name,
                district=place.district,
                province=place.province,
                latitude=place.latitude,
                longitude=place.longitude,
                feature_code=place.feature_code,
            )
        )
    return shown


def _province_of(district: str) -> str:
    if not district:
        return ""
    found = District.objects.filter(name=district).values_list("province", flat=True)
    return next(iter(found), "")


def _candidate_name(candidate: dict[str, Any]) -> str:
    name = str(candidate.get("name", ""))
    district = str(candidate.get("district") or "")
    return f"{name} ({district})" if district else name


def _act(act: Act) -> ActShown:
    return ActShown(
        act_type=act.act_type,
        victim=act.victim.name if act.victim else "",
        victim_group=act.victim_group,
        victim_count=Count("victims", act.victim_count_min, act.victim_count_max),
        victims_are_children=act.victims_are_children,
        perpetrator=act.perpetrator,
        legal_characterisation=act.legal_characterisation,
        notes=act.notes,
    )


def _quote(statement: Statement, disclosure: Disclosure) -> Quote:
    source = statement.source
    return Quote(
        record=statement.record,
        source=disclosure.name_of(source),
        source_is_pseudonymous=(
            source.is_sealed and source.record not in disclosure.names
        ),
        source_kind=source.kind,
        stance=statement.stance,
        language=statement.language,
        text=statement.text,
        translation=statement.translation,
        made_on=statement.made_on,
    )


def _evidence(item: EvidenceItem, disclosure: Disclosure) -> EvidenceShown:
    custody = sorted(item.custody.all(), key=lambda entry: entry.at)
    return EvidenceShown(
        record=item.record,
        title=item.title,
        kind=item.kind,
        url=item.url,
        posted_by=item.posted_by,
        posted_on=item.posted_on,
        source=disclosure.name_of(item.source) if item.source else "",
        verification=item.verification,
        files=tuple(
            FileShown(
                sha256=f.sha256,
                file_name=f.file_name,
                media_type=f.media_type,
                size=f.size,
                acquired_how=f.acquired_how,
                acquired_at=f.acquired_at,
            )
            for f in sorted(item.files.all(), key=lambda f: f.added_at)
        ),
        custody=tuple(sorted(Counter(entry.action for entry in custody).items())),
        custody_first=custody[0].at if custody else "",
        custody_last=custody[-1].at if custody else "",
        assessments=tuple(
            AssessmentShown(a.kind, a.finding, a.confidence, a.method, a.at)
            for a in sorted(item.assessments.all(), key=lambda a: a.at)
        ),
    )
