"""What the kit may say about its own work: counts and times, nothing else.

The kit cannot read what it recorded, and would not show it if it could:
its screen may be read over a shoulder at a checkpoint.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from sabt.field.export import acknowledged_through
from sabt.field.kit import kit_identity
from sabt.field.models import KitExport, SealedEntry, SealedEvidence

# Event types that create a record, and what the count of each is called.
CREATED = {
    "incident.reported": "incidents",
    "source.registered": "sources",
    "statement.recorded": "statements",
    "evidence.registered": "evidence items",
    "person.recorded": "persons",
    "act.recorded": "acts",
    "tracing.request_opened": "tracing requests",
    "field.list_entry_recorded": "list entries",
}


@dataclass(frozen=True)
class KitStatus:
    """Counts and times of the kit's work."""

    name: str
    case: str
    counts: dict[str, int]
    files: int
    events: int
    last_recorded: str | None
    last_export: datetime.datetime | None
    unacknowledged: int


def kit_status() -> KitStatus:
    """Counts and times of what this kit recorded and sent."""
    identity = kit_identity()
    created = Counter(
        SealedEntry.objects.filter(type__in=CREATED).values_list("type", flat=True)
    )
    last = SealedEntry.objects.order_by("-seq").first()
    export = KitExport.objects.order_by("-at").first()
    return KitStatus(
        name=identity.name,
        case=identity.case,
        counts={label: created[kind] for kind, label in CREATED.items()},
        files=SealedEvidence.objects.count(),
        events=SealedEntry.objects.count(),
        last_recorded=last.at if last else None,
        last_export=export.at if export else None,
        unacknowledged=SealedEntry.objects.filter(
            seq__gt=acknowledged_through()
        ).count(),
    )


def status_lines(status: KitStatus) -> list[str]:
    """The status as a documenter reads it."""
    counts = ", ".join(f"{n} {label}" for label, n in status.counts.items())
    return [
        f"kit {status.name}, case {status.case}",
        f"recorded: {counts}, {status.files} files ({status.events} events)",
        f"last recorded: {status.last_recorded or 'never'}",
        "last export: "
        + (
            f"{status.last_export:%Y-%m-%d %H:%M} UTC"
            if status.last_export
            else "never"
        ),
        f"not yet acknowledged by headquarters: {status.unacknowledged} events",
    ]
