"""Tests for ``gazetteer.districts``: which district a written name means."""

from __future__ import annotations

import pytest

from sabt.gazetteer.districts import district_named, names_province

SPELLINGS = [
    ("Rukha", "Rukha"),
    ("Rokha", "Rukha"),
    ("Rukhah", "Rukha"),
    ("رخه", "Rukha"),
    ("Anaba", "Unaba"),
    ("عنابه", "Unaba"),
    ("Khenj", "Khenj (Hese- Awal)"),
    ("Hes-e Awal", "Khenj (Hese- Awal)"),
    ("Khenj (Hese- Awal)", "Khenj (Hese- Awal)"),
    ("Parian", "Paryan"),
    ("Bāzārak", "Bazarak"),
]


@pytest.mark.parametrize(("written", "district"), SPELLINGS)
def test_a_district_is_known_by_its_other_spellings(
    written: str, district: str
) -> None:
    named = district_named(written)
    assert named is not None
    assert named.name == district


@pytest.mark.parametrize("written", ["Abshar", "Kabul", "", "  "])
def test_a_name_of_no_panjshir_district_means_none(written: str) -> None:
    assert district_named(written) is None


@pytest.mark.parametrize("written", ["Panjshir", "Panjsher", "پنجشیر"])
def test_the_province_is_known_by_its_spellings(written: str) -> None:
    assert names_province(written) is True


def test_a_village_is_not_the_province() -> None:
    assert names_province("Parian") is False
