"""Tests for ``gazetteer.spellings``: the place a spelling names, read from
the shipped file without the database, as ``sabt link`` needs."""

from __future__ import annotations

import pytest

from sabt.gazetteer.spellings import (
    UNKNOWN_PREFIX,
    PlaceRow,
    place_key,
    read_place_rows,
)

AWUND = "geonames:1147946"
DEH_E_PARIAN = "geonames:1143420"
QALAH_YE_PARIAN = "geonames:1456049"


@pytest.mark.parametrize("spelling", ["Āwund", "Awund", "Avund", "آوند", "آبند"])
def test_every_spelling_of_a_place_gives_its_key(spelling: str) -> None:
    # آبند and Awund share no consonant class for w/b: only the file joins them.
    assert place_key(spelling) == AWUND


def test_a_spelling_two_places_share_gives_the_same_key_as_the_others() -> None:
    # پریان is Deh-e Parian's and Qal'ah-ye Parian's; Parian only the first's.
    assert place_key("پریان") == place_key("Parian") == DEH_E_PARIAN
    assert place_key("Qal'ah-ye Parian") == QALAH_YE_PARIAN
    assert place_key("قلعۀ پریان") == QALAH_YE_PARIAN


def test_a_place_the_file_does_not_know_keys_by_its_consonants() -> None:
    assert place_key("Parian bazaar") == UNKNOWN_PREFIX + "prnbzr"
    assert place_key("Parion bazar") == place_key("Parian bazaar")
    assert not place_key("Parian bazaar").startswith("geonames:")


def test_a_blank_name_has_no_key() -> None:
    assert place_key("") == ""
    assert place_key("   ") == ""


def test_nearly_every_listed_spelling_finds_its_own_place() -> None:
    places = read_place_rows()
    spellings = [
        (place.key, name)
        for place in places
        for name in (*place.main_names, *place.other_names)
    ]
    own = sum(
        place_key(name) == key
        or place_key(name) in _sharing(places, name)  # a shared spelling
        for key, name in spellings
    )
    assert len(places) == 194
    # The few left are alternate names that are another place's main name.
    assert own / len(spellings) > 0.99


def _sharing(places: list[PlaceRow], name: str) -> set[str]:
    return {
        place.key for place in places if name in (*place.main_names, *place.other_names)
    }
