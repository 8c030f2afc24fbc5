"""From linked records to people: deduplication, documented counts, tables.

Pure functions over plain records, so the app's services and the tests share
them. Records that the linkage says are one person (a reviewed match, or an
unreviewed pair at or above the stated threshold) become one person; a
rejected pair is never joined directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sabt.analysis.mse.table import CaptureTable, from_full


@dataclass(frozen=True)
class Entry:
    """One named victim as one list records them."""

    id: str
    list_name: str
    stratum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """A linkage candidate: two entries, its probability, and any review."""

    left: str
    right: str
    probability: float
    review: str = ""  # "confirmed", "rejected" or "" (unreviewed)


@dataclass(frozen=True)
class Person:
    entries: tuple[Entry, ...]

    @property
    def lists(self) -> frozenset[str]:
        return frozenset(e.list_name for e in self.entries)

    @property
    def stratum(self) -> tuple[str, ...]:
        # The first entry that says anything decides the stratum.
        return next((e.stratum for e in self.entries if e.stratum), ())


@dataclass(frozen=True)
class GroupVictims:
    """Unnamed victims of one incident, as the range the sources give."""

    stratum: tuple[str, ...]
    at_least: int
    at_most: int | None


@dataclass(frozen=True)
class DocumentedCount:
    stratum: tuple[str, ...]
    named: int
    unnamed_at_least: int
    unnamed_at_most: int | None


def people(
    entries: Sequence[Entry], pairs: Iterable[Pair], *, threshold: float
) -> list[Person]:
    """Join entries into people: reviewed matches, and unreviewed pairs >= threshold."""
    parent = {e.id: e.id for e in entries}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        if pair.left not in parent or pair.right not in parent:
            continue
        joins = pair.review == "confirmed" or (
            pair.review == "" and pair.probability >= threshold
        )
        if joins:
            parent[root(pair.left)] = root(pair.right)
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[root(e.id)].append(e)
    return [Person(tuple(g)) for g in groups.values()]


def capture_table(persons: Iterable[Person], lists: Sequence[str]) -> CaptureTable:
    """The capture-history table of these people on these lists."""
    cells = np.zeros(2 ** len(lists), dtype=np.int64)
    for person in persons:
        index = sum(
            2 ** (len(lists) - 1 - i)
            for i, name in enumerate(lists)
            if name in person.lists
        )
        cells[index] += 1
    return from_full(tuple(lists), cells)


def by_stratum(persons: Iterable[Person]) -> dict[tuple[str, ...], list[Person]]:
    strata: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for person in persons:
        strata[person.stratum].append(person)
    return dict(strata)


def documented(
    persons: Iterable[Person], groups: Iterable[GroupVictims]
) -> list[DocumentedCount]:
    """Named people per stratum beside unnamed group victims, kept apart."""
    named = {s: len(p) for s, p in by_stratum(persons).items()}
    low: dict[tuple[str, ...], int] = defaultdict(int)
    high: dict[tuple[str, ...], int | None] = defaultdict(int)
    for g in groups:
        low[g.stratum] += g.at_least
        current = high[g.stratum]
        high[g.stratum] = (
            None if current is None or g.at_most is None else current + g.at_most
        )
    strata = sorted(set(named) | set(low))
    return [
        DocumentedCount(s, named.get(s, 0), low.get(s, 0), high.get(s, 0))
        for s in strata
    ]
