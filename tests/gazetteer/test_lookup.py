"""Tests for ``gazetteer.lookup.resolve``: the village names of the residents'
letter, Arabic-script queries, district context, and each threshold rule.

The expectations follow the shipped data, not hopes: two Dashtaks exist, two
Parians lie 400 m apart, Umarz survives only as an alternate name of Doab,
and neither Ruh nor Obdar (Abdara) is in the gazetteer.
"""

# 'Unabah is spelled with its hamza mark, as GeoNames has it.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from sabt.gazetteer import lookup
from sabt.gazetteer.lookup import resolve
from tests.gazetteer.factories import make_place

pytestmark = pytest.mark.django_db

DASHTAK_BAZARAK = "geonames:1143847"
DASHTAK_RUKHA = "geonames:1423535"
DEH_E_PARIAN = "geonames:1143420"
QALAH_YE_PARIAN = "geonames:1456049"
UNABAH = "geonames:1148695"
DARKHEL = "geonames:1144050"
DOAB = "geonames:1121842"
RUKHAH = "geonames:1128282"


@dataclass(frozen=True)
class Expected:
    """What one name of the letter resolves to, given the shipped data."""

    status: str
    place: str | None
    top: frozenset[str]


LETTER = {
    # Not in the gazetteer; Rukhah ("Rukha", "Rokha") is a weak candidate only.
    "Ruh": Expected("unresolved", None, frozenset({RUKHAH})),
    # Two places, Deh-e Parian and Qal'ah-ye Parian, 400 m apart: no choice.
    "Parion": Expected("unresolved", None, frozenset({DEH_E_PARIAN, QALAH_YE_PARIAN})),
    # One Dashtak in Bazarak district, one in Rukha: needs district context.
    "Dashtak": Expected(
        "unresolved", None, frozenset({DASHTAK_BAZARAK, DASHTAK_RUKHA})
    ),
    # 'Unabah (Anaba), the seat of Unaba district, shares only n-b with it.
    "Anob": Expected("unresolved", None, frozenset({UNABAH})),
    # Darkhel in Rukha district: one letter off, nothing else near.
    "Darhel": Expected("resolved", DARKHEL, frozenset({DARKHEL})),
    # Abdara is not in the gazetteer; only loose spellings come near.
    "Obdar": Expected("unresolved", None, frozenset()),
    # An alternate name (Vumarz, Womarz) of Doab, an old ~1 km record.
    "Umarz": Expected("resolved", DOAB, frozenset({DOAB})),
}


@pytest.mark.parametrize("name", LETTER)
def test_the_letters_village_names_resolve_as_the_data_allows(name: str) -> None:
    expected = LETTER[name]
    resolution = resolve(name)
    assert resolution.status == expected.status
    assert (resolution.place.key if resolution.place else None) == expected.place
    best = resolution.candidates[: len(expected.top)]
    assert {candidate.key for candidate in best} == expected.top


def test_the_letters_unresolved_names_have_no_strong_candidate() -> None:
    for name in ("Ruh", "Anob", "Obdar"):
        scores = [candidate.score for candidate in resolve(name).candidates]
        assert all(score < lookup.RESOLVE_THRESHOLD for score in scores), name


def test_both_dashtaks_are_listed_with_their_districts() -> None:
    candidates = resolve("Dashtak").candidates[:2]
    assert sorted((c.name, c.district, c.score) for c in candidates) == [
        ("Dashtak", "Bazarak", 1.0),
        ("Dashtak", "Rukha", 1.0),
    ]


@pytest.mark.parametrize("district", ["Rukha", "Rokha", "رخه"])
def test_dashtak_in_rukha_district_resolves(district: str) -> None:
    resolution = resolve("Dashtak", district=district)
    assert resolution.status == "resolved"
    assert resolution.place is not None
    assert resolution.place.key == DASHTAK_RUKHA


def test_a_place_outside_the_given_district_is_demoted_not_dropped() -> None:
    candidates = resolve("Dashtak", district="Rukha").candidates
    outside = next(c for c in candidates if c.key == DASHTAK_BAZARAK)
    assert outside.score == lookup.OUTSIDE_DISTRICT_WEIGHT
    assert outside.why == "written like “Dashtak”, but not in Rukha district"


def test_a_good_match_outside_the_given_district_stays_unresolved() -> None:
    resolution = resolve("Darhel", district="Bazarak")
    assert resolution.status == "unresolved"
    assert [c.key for c in resolution.candidates] == [DARKHEL]


def test_an_unknown_district_demotes_every_place() -> None:
    resolution = resolve("Darhel", district="Nowhere")
    assert resolution.status == "unresolved"
    assert resolution.candidates[0].key == DARKHEL


def test_the_parian_places_stay_ambiguous_within_paryan_district() -> None:
    resolution = resolve("Parion", district="Paryan")
    assert resolution.status == "unresolved"
    assert {c.key for c in resolution.candidates[:2]} == {
        DEH_E_PARIAN,
        QALAH_YE_PARIAN,
    }


def test_an_arabic_script_query_finds_the_parian_places() -> None:
    # پریان is also Paryan district's name: the district, villages as candidates.
    resolution = resolve("پریان")
    assert (resolution.status, resolution.district) == ("district", "Paryan")
    best = resolution.candidates[:2]
    assert {c.key for c in best} == {DEH_E_PARIAN, QALAH_YE_PARIAN}
    assert all("Parīān" in c.name for c in best)


def test_an_arabic_query_with_arabic_yeh_and_kaf_finds_dashtak() -> None:
    resolution = resolve("دشتك", district="Bazarak")
    assert resolution.place is not None
    assert resolution.place.key == DASHTAK_BAZARAK


def test_a_latin_query_meets_an_arabic_only_name_by_its_consonants(
    investigator: User,
) -> None:
    place = make_place(investigator, name="سریچه", names_arabic=[])
    resolution = resolve("Saricha")
    assert resolution.candidates[0].key == place.key
    assert resolution.candidates[0].why == "consonants as in “سریچه”"


def test_a_name_that_matches_nothing_gives_no_candidates() -> None:
    resolution = resolve("Xyzzy")
    assert (resolution.status, resolution.place, resolution.candidates) == (
        "unresolved",
        None,
        [],
    )


def test_a_blank_name_is_unresolved() -> None:
    assert resolve("   ").candidates == []


def test_a_generic_word_in_the_query_picks_the_place_that_has_it() -> None:
    deh = resolve("Deh-e Parian")
    qala = resolve("Qala-e Parian")
    assert deh.place is not None and deh.place.key == DEH_E_PARIAN
    assert qala.place is not None and qala.place.key == QALAH_YE_PARIAN
    assert deh.candidates[1].score == lookup.GENERIC_WORD_WEIGHT


def test_the_province_name_never_resolves_to_a_village() -> None:
    # GeoNames lists "Panjshīr" as another name of Rukhah.
    resolution = resolve("Panjshir")
    assert resolution.status == "unresolved"
    assert resolution.candidates[0].key == RUKHAH


def test_a_key_resolves_to_its_place() -> None:
    resolution = resolve(DOAB)
    assert resolution.place is not None
    assert (resolution.place.name, resolution.candidates[0].why) == ("Doab", "its key")


def test_a_spelling_one_letter_off_resolves_above_the_threshold() -> None:
    best = resolve("Darhel").candidates[0]
    assert best.score >= lookup.RESOLVE_THRESHOLD
    assert best.why == "written like “Darkhēl”"


def test_two_consonants_alone_never_resolve() -> None:
    best = resolve("Anob").candidates[0]
    assert best.score == lookup.SHORT_SKELETON_WEIGHT
    assert best.why == "consonants as in “’Unābah”"


def test_a_consonant_match_is_capped_below_a_spelling_match() -> None:
    best = resolve("Parion").candidates[0]
    assert (best.score, best.why[:14]) == (lookup.SKELETON_WEIGHT, "consonants as ")


def test_candidates_are_ranked_capped_and_scored_between_0_and_1() -> None:
    candidates = resolve("Sang-e Khan").candidates
    scores = [c.score for c in candidates]
    assert len(candidates) == lookup.CANDIDATE_LIMIT
    assert scores == sorted(scores, reverse=True)
    assert all(lookup.CANDIDATE_THRESHOLD <= s <= 1 for s in scores)


def test_a_place_a_user_adds_becomes_the_answer_for_its_spellings(
    investigator: User,
) -> None:
    abdara = make_place(
        investigator,
        name="Abdara",
        names_arabic=["آبدره"],
        latitude=35.30,
        longitude=69.70,
        location_note="approximate, test data in Dara district",
    )
    resolution = resolve("Obdar")
    assert resolution.place is not None
    assert resolution.place.key == abdara.key


# Names that are also a district's, or a common noun: never a village by a
# near spelling (the case: دره, "valley", settled to Gudarah).


@pytest.mark.parametrize("name", ["دره", "Dara", "Darah"])
def test_the_name_of_dara_district_resolves_to_the_district(name: str) -> None:
    resolution = resolve(name)
    assert (resolution.status, resolution.place, resolution.district) == (
        "district",
        None,
        "Dara",
    )
    # Gudarah (گدره) is one letter away and stays a candidate only.
    assert resolution.candidates[0].name == "Gudarah"


@pytest.mark.parametrize(
    ("name", "district"),
    [("Bazarak", "Bazarak"), ("بازارک", "Bazarak"), ("Khinj", "Khenj (Hese- Awal)")],
)
def test_a_district_named_like_its_town_is_the_district_with_the_town_offered(
    name: str, district: str
) -> None:
    resolution = resolve(name)
    assert (resolution.status, resolution.district) == ("district", district)
    assert resolution.candidates[0].score == 1.0


@pytest.mark.parametrize("word", ["ده", "قلعه", "Deh", "Qala", "Darreh", "valley"])
def test_a_generic_word_alone_resolves_to_nothing(word: str) -> None:
    resolution = resolve(word)
    assert (resolution.status, resolution.place) == ("unresolved", None)


def test_a_misspelt_district_name_does_not_become_its_town() -> None:
    # Sounds like Bazarak district (its consonants), spelled like no place.
    resolution = resolve("Bazarack")
    assert (resolution.status, resolution.place) == ("unresolved", None)
    assert resolution.candidates[0].name == "Bāzārak"


def test_a_village_spelled_exactly_resolves_though_it_sounds_like_a_district() -> None:
    resolution = resolve("Rukhah")
    assert resolution.place is not None
    assert (resolution.place.key, resolution.district) == (RUKHAH, "Rukha")


def test_a_short_arabic_name_one_letter_off_stays_unresolved(
    investigator: User,
) -> None:
    # زرغ is 0.86 like زرغه, as دره is like گدره: enough in Latin letters,
    # too little in a script that writes no short vowels.
    make_place(investigator, name="Zargha", names_arabic=["زرغه"])
    near = resolve("زرغ")
    exact = resolve("زرغه")
    assert near.candidates[0].score >= lookup.RESOLVE_THRESHOLD
    assert (near.status, near.candidates[0].name) == ("unresolved", "Zargha")
    assert exact.status == "resolved"
