"""From a count's inputs to what is recorded: documented counts and tables.

``tabulate`` reads the count's lists (``gather``), joins entries into
people at the count's threshold (``counting.people``) and returns the body
of the ``count.computed`` event with the capture-history tables to
estimate: the whole count, and each district large enough to stand alone.
Every figure in the body follows from the digests under ``inputs``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sabt.analysis.counting import Person, capture_table, documented, people
from sabt.analysis.gather import DIMENSIONS, Inputs, gather
from sabt.analysis.models import Count
from sabt.analysis.mse.run import METHODS
from sabt.analysis.mse.table import CaptureTable
from sabt.ledger.canonical import canonical_bytes

# A district with fewer people observed is counted but not estimated alone.
MIN_STRATUM = 20
# Strata are estimated by the methods that run in well under a second; the
# whole count by every method.
STRATUM_METHODS = ("loglinear", "dga")


@dataclass(frozen=True)
class Computed:
    body: dict[str, Any]
    tables: dict[str, CaptureTable]  # stratum ("" for the whole count) -> table

    def methods(self, table: CaptureTable, stratum: str = "") -> list[str]:
        """The methods that can run on this table."""
        lists = len(table.lists)
        chosen = METHODS if not stratum else STRATUM_METHODS
        return [m for m in chosen if m != "dga" or 3 <= lists <= 5]


def digest(value: object) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def tabulate(count: Count) -> Computed:
    inputs = gather(count)
    persons = people(inputs.entries, inputs.pairs, threshold=count.threshold)
    lists = inputs.lists
    tables = {}
    if len(lists) >= 2:
        tables[""] = capture_table(persons, lists)
        for value, group in _by_dimension(persons, 0).items():
            if value and len(group) >= MIN_STRATUM:
                tables[f"district={value}"] = capture_table(group, lists)
    rows = inputs.rows
    used = [
        p for p in inputs.pairs if p.review == "" and p.probability >= count.threshold
    ]
    below = [
        p for p in inputs.pairs if p.review == "" and p.probability < count.threshold
    ]
    overall = documented(persons, [])
    unnamed = documented([], inputs.groups)
    body: dict[str, Any] = {
        "lists": [
            {
                "record": record,
                "name": inputs.names[record],
                "sha256": inputs.digests[record],
                "entries": sum(1 for e in inputs.entries if e.list_name == record),
            }
            for record in lists
        ],
        "threshold": count.threshold,
        "documented": {
            "named": sum(c.named for c in overall),
            "unnamed_at_least": sum(c.unnamed_at_least for c in unnamed),
            "unnamed_at_most": _sum_or_none([c.unnamed_at_most for c in unnamed]),
            "by": {
                dimension: sorted(
                    [value, len(group)]
                    for value, group in _by_dimension(persons, i).items()
                )
                for i, dimension in enumerate(DIMENSIONS)
            },
        },
        "overlap": _overlap(persons, lists),
        "tables": {
            stratum: [int(c) for c in table.full()[1:]]
            for stratum, table in tables.items()
        },
        "pairs": {
            "used": [_shown(p, rows) for p in used],
            "below_threshold": [_shown(p, rows) for p in below],
            "confirmed": sum(1 for p in inputs.pairs if p.review == "confirmed"),
            "rejected": sum(1 for p in inputs.pairs if p.review == "rejected"),
        },
        "warnings": _warnings(inputs, used, lists, count.threshold),
        "inputs": {
            "lists": {r: inputs.digests[r] for r in lists},
            "entries": digest(sorted([e.id, e.list_name] for e in inputs.entries)),
            "pairs": digest(
                sorted([p.left, p.right, p.probability, p.review] for p in inputs.pairs)
            ),
            "threshold": count.threshold,
        },
    }
    return Computed(body, tables)


def _by_dimension(persons: Sequence[Person], index: int) -> dict[str, list[Person]]:
    groups: dict[str, list[Person]] = {}
    for person in persons:
        value = next((e.stratum[index] for e in person.entries if e.stratum[index]), "")
        groups.setdefault(value, []).append(person)
    return groups


def _overlap(persons: Sequence[Person], lists: Sequence[str]) -> list[dict[str, Any]]:
    """How many people each combination of lists holds, largest first."""
    patterns = Counter(
        tuple(name for name in lists if name in person.lists) for person in persons
    )
    return [
        {"lists": list(pattern), "people": n}
        for pattern, n in sorted(patterns.items(), key=lambda item: (-item[1], item[0]))
    ]


def _shown(pair: Any, rows: dict[str, tuple[str, str]]) -> dict[str, Any]:
    left, right = rows.get(pair.left, ("", "")), rows.get(pair.right, ("", ""))
    return {
        "left": pair.left,
        "right": pair.right,
        "left_list": left[0],
        "left_row": left[1],
        "right_list": right[0],
        "right_row": right[1],
        "probability": pair.probability,
    }


def _sum_or_none(values: Sequence[int | None]) -> int | None:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _warnings(
    inputs: Inputs, used: Sequence[Any], lists: Sequence[str], threshold: float
) -> list[str]:
    notes = []
    if len(lists) < 2:
        notes.append(_("Fewer than two lists hold entries: nothing can be estimated."))
    elif len(lists) == 2:
        notes.append(
            _(
                "Only two lists: the estimate assumes they are independent,"
                " which cannot be checked. Add a third list."
            )
        )
    if used:
        notes.append(
            _(
                "%(n)s pairs of entries were joined as one person without a"
                " review, because the linkage found them at least %(p)s"
                " probable. Review them below."
            )
            % {"n": len(used), "p": f"{threshold:.2f}"}
        )
    if inputs.groups:
        notes.append(
            _(
                "Unnamed victims in incident reports are shown as a range and"
                " are not in the named count or in the estimates."
            )
        )
    return notes
