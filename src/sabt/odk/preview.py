"""What a submission became (or would become), in words a documenter checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models

from sabt.evidence.models import EvidenceItem
from sabt.records.models import Act, Incident, IncidentPlace, Person, Source, Statement
from sabt.tracing.models import PersonList, TracingRequest

KINDS: tuple[tuple[type[models.Model], str, str], ...] = (
    (Incident, "incident", "incidents"),
    (Act, "act", "acts"),
    (Person, "person", "persons"),
    (Source, "source", "sources"),
    (Statement, "statement", "statements"),
    (EvidenceItem, "file", "files"),
    (TracingRequest, "tracing request", "tracing requests"),
    (PersonList, "list entry in", "list entries in"),
)


@dataclass(frozen=True)
class Preview:
    """What the records are, by kind, for a page to lay out in columns."""

    # Titles of the incidents, names of the person lists.
    incidents: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    # How many of each kind (KINDS' singular names), the incidents included.
    counts: dict[str, int] = field(default_factory=dict)
    # Place names kept as typed, which the gazetteer did not settle.
    unresolved: tuple[str, ...] = ()


def preview(records: Sequence[str]) -> Preview:
    """Count the records of each kind and name what a person checks."""
    counts = {}
    for model, one, _ in KINDS:
        count = model._default_manager.filter(pk__in=records).count()
        if count:
            counts[one] = count
    incidents = Incident.objects.filter(pk__in=records)
    lists = PersonList.objects.filter(pk__in=records)
    unresolved = IncidentPlace.objects.filter(
        incident__in=records, place__isnull=True
    ).values_list("name_as_given", flat=True)
    return Preview(
        incidents=tuple(incidents.values_list("title", flat=True)),
        lists=tuple(lists.values_list("name", flat=True)),
        counts=counts,
        unresolved=tuple(unresolved),
    )


def describe(records: Sequence[str]) -> str:
    """``1 incident "Men taken", 2 acts, 1 person, 1 file, 1 unresolved place``."""
    parts = []
    for model, one, many in KINDS:
        found = model._default_manager.filter(pk__in=records)
        count = found.count()
        if not count:
            continue
        part = f"{count} {one if count == 1 else many}"
        if model is Incident:
            titles = found.values_list("title", flat=True)
            part += " " + ", ".join(f'"{title}"' for title in titles)
        if model is PersonList:
            names = found.values_list("name", flat=True)
            part += " " + ", ".join(f'"{name}"' for name in names)
        parts.append(part)
    unresolved = IncidentPlace.objects.filter(
        incident__in=records, place__isnull=True
    ).values_list("name_as_given", flat=True)
    parts += [f"unresolved place {name!r}" for name in unresolved]
    return ", ".join(parts)
