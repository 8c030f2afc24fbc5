"""Which gazetteer place a spelling names, without the database.

Record linkage runs outside the web app too (``sabt link`` on CSV files,
the benchmarks), and the lists it links write one village many ways: Āwund,
Awund, آبند and آوند are one place whose consonants do not agree across
scripts. The shipped GeoNames file already lists those spellings, so a
name found among them gives the place's key ("geonames:1147089"), and two
spellings of one place give the same key.

A spelling is looked up by its folded form, then without a generic word
("Deh-e"), then by its consonants. Where one spelling belongs to several
places, a place whose main name it is wins; failing that, the first of
them by key. That choice is the same for every spelling the places share,
so پریان (Deh-e Parian or Qal'ah-ye Parian) agrees with Parian (only Deh-e
Parian), while Qal'ah-ye Parian keeps a key of its own. Two places of one
name, written without anything to tell them apart, are one key: the lists
cannot tell them apart either, and the district, compared beside the
village, still can. A name the file does not know keeps its consonant
skeleton, marked so that it never equals a place key.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from sabt.gazetteer.place_names import name_keys
from sabt.gazetteer.places_file import read_rows, split_names

# Leads the key of a name the gazetteer does not know.
UNKNOWN_PREFIX = "~"


@dataclass(frozen=True)
class PlaceRow:
    """One place of the shipped file: its key, main names and other names."""

    key: str
    main_names: tuple[str, ...]
    other_names: tuple[str, ...]
    district: str


@dataclass
class _Index:
    """Place keys by one kind of folded key, main names apart from others."""

    main: dict[str, set[str]] = field(default_factory=dict)
    other: dict[str, set[str]] = field(default_factory=dict)

    def add(self, folded: str, key: str, *, is_main: bool) -> None:
        if folded:
            (self.main if is_main else self.other).setdefault(folded, set()).add(key)

    def places(self, folded: str) -> set[str]:
        return self.main.get(folded) or self.other.get(folded) or set()


def read_place_rows() -> list[PlaceRow]:
    """The places of the shipped GeoNames file (see ``data/README.md``)."""
    return [
        PlaceRow(
            key=f"geonames:{row['geonameid']}",
            main_names=tuple(_unique([row["name"], row["asciiname"]])),
            other_names=tuple(
                _unique(
                    [
                        *split_names(row["names_latin"]),
                        *split_names(row["names_arabic_script"]),
                    ]
                )
            ),
            district=row["district_geoboundaries_2014"],
        )
        for row in read_rows()
    ]


@functools.cache
def _indexes() -> tuple[_Index, _Index, _Index]:
    """Place keys by folded spelling, by spelling without generic word, by
    consonants."""
    full, core, skeleton = _Index(), _Index(), _Index()
    for place in read_place_rows():
        for names, is_main in ((place.main_names, True), (place.other_names, False)):
            for name in names:
                keys = name_keys(name)
                full.add(keys.full, place.key, is_main=is_main)
                core.add(keys.core, place.key, is_main=is_main)
                skeleton.add(keys.skeleton, place.key, is_main=is_main)
    return full, core, skeleton


@functools.lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Return the key of the place a spelling names, "" for a blank name.

    Spellings of one gazetteer place give its key; a spelling several
    places share gives the first of their keys; a name the gazetteer does
    not know gives ``UNKNOWN_PREFIX`` and its consonant skeleton (its
    folded spelling if it has no consonants).
    """
    if not name.strip():
        return ""
    keys = name_keys(name)
    full, core, skeleton = _indexes()
    places = (
        full.places(keys.full)
        or core.places(keys.core)
        or skeleton.places(keys.skeleton)
    )
    if places:
        return min(places)
    return UNKNOWN_PREFIX + (keys.skeleton or keys.core)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))
