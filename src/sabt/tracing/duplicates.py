"""The same person written twice in one list, found when the list comes in.

A detainee list drawn up in haste names some detainees twice: once as
"Muhammad Arif s/o Gulahmad", once as "Mohammad Aref s/o Gul Ahmad". Two
rows are flagged when their given names and fathers' names (or, on a list
without lineage, given and family names) have the same cross-script
consonant key, and nothing written on both says they differ: sex, an age
or birth year more than ``AGE_SLACK`` years apart, the grandfather's name,
the village. Brothers share a father but not a given name, so are never
flagged. A flag is for a person to look at, not a merge: both rows stay.

A key shared by more than ``MAX_GROUP`` rows is a name too common to say
anything (a list of "Mohammad s/o Abdullah"), and is not flagged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from itertools import combinations

from sabt.names.persons import Lineage, person_name, split_lineage
from sabt.tracing.linkage.columns import PersonList as CheckedList
from sabt.tracing.linkage.columns import Years

AGE_SLACK = 3
MAX_GROUP = 6
MAX_PAIRS = 1000


def within_list_duplicates(checked: CheckedList) -> list[list[str]]:
    """Pairs of row ids of ``checked`` that are probably one person."""
    text = checked.text
    given: list[str] = []
    father: list[str] = []
    grandfather: list[str] = []
    for row in range(len(checked)):
        # "Arif s/o Gulahmad" in one cell, as the linkage splits it.
        father_text = text["father_name"][row]
        cell = text["given_name"][row]
        lineage = (
            _lineage(cell)
            if not father_text
            else Lineage(given=cell.strip(), father="", grandfather="", spouse="")
        )
        given.append(_skeleton(lineage.given))
        father.append(_skeleton(father_text or lineage.father))
        written = text["grandfather_name"][row] or (
            "" if father_text else lineage.grandfather
        )
        grandfather.append(_skeleton(written))
    family = [_skeleton(name) for name in text["family_name"]]
    groups: dict[tuple[str, str, str], list[int]] = {}
    for row in range(len(checked)):
        if not given[row]:
            continue
        if father[row]:
            key = ("father", given[row], father[row])
        elif family[row]:
            key = ("family", given[row], family[row])
        else:
            continue
        groups.setdefault(key, []).append(row)
    pairs: list[list[str]] = []
    for rows in groups.values():
        if not 2 <= len(rows) <= MAX_GROUP:
            continue
        for a, b in _agreeing(checked, rows, grandfather):
            pairs.append([checked.ids[a], checked.ids[b]])
            if len(pairs) == MAX_PAIRS:
                return pairs
    return pairs


def _agreeing(
    checked: CheckedList, rows: list[int], grandfather: list[str]
) -> Iterator[tuple[int, int]]:
    for a, b in combinations(rows, 2):
        elders = grandfather[a], grandfather[b]
        if all(elders) and elders[0] != elders[1]:
            continue
        if _written_apart(checked, a, b):
            continue
        yield a, b


def _written_apart(checked: CheckedList, a: int, b: int) -> bool:
    """Whether sex, village or age written on both rows says two people."""
    sex_a, sex_b = checked.sex[a], checked.sex[b]
    if sex_a and sex_b and sex_a != sex_b:
        return True
    village_a = _skeleton(checked.text["village"][a])
    village_b = _skeleton(checked.text["village"][b])
    if village_a and village_b and village_a != village_b:
        return True
    return _years_apart(checked.age[a], checked.age[b]) or _years_apart(
        checked.birth_year[a], checked.birth_year[b]
    )


@functools.lru_cache(maxsize=1 << 16)
def _lineage(cell: str) -> Lineage:
    return split_lineage(cell)


@functools.lru_cache(maxsize=1 << 16)
def _skeleton(name: str) -> str:
    """The cross-script consonant key; lists repeat their names a lot."""
    return person_name(name).skeleton


def _years_apart(a: Years | None, b: Years | None) -> bool:
    if a is None or b is None:
        return False
    return a.low > b.high + AGE_SLACK or b.low > a.high + AGE_SLACK
