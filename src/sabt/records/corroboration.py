"""Which sources back an incident, and whether two of them are independent.

Two sources are independent when neither derives from the other, directly or
through a chain (a news report that quotes a resident derives from that
resident's account only if recorded so). Only statements that allege or
corroborate count; a denial never corroborates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sabt.records.models import Incident, Source

SUPPORTING_STANCES = ("alleges", "corroborates")


@dataclass(frozen=True)
class Corroboration:
    """The supporting sources of an incident and an independent pair, if any."""

    sources: list[Source]
    independent_pair: tuple[Source, Source] | None

    @property
    def is_corroborated(self) -> bool:
        return self.independent_pair is not None


def corroboration_of(incident: Incident) -> Corroboration:
    sources = list(
        Source.objects.filter(
            statements__incidents=incident, statements__stance__in=SUPPORTING_STANCES
        )
        .distinct()
        .prefetch_related("derived_from")
    )
    ancestors = {s.record: _ancestors(s) for s in sources}
    for i, first in enumerate(sources):
        for second in sources[i + 1 :]:
            if second.record not in ancestors[first.record] and (
                first.record not in ancestors[second.record]
            ):
                return Corroboration(sources, (first, second))
    return Corroboration(sources, None)


def _ancestors(source: Source) -> set[str]:
    """Every source this one derives from, however indirectly."""
    seen: set[str] = set()
    frontier = [source]
    while frontier:
        current = frontier.pop()
        for parent in current.derived_from.all():
            if parent.record not in seen:
                seen.add(parent.record)
                frontier.append(parent)
    return seen
