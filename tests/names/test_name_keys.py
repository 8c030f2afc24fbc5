"""Tests for the person-name keys of issue 16: names that had no key or the
wrong one, initials, titles that are the name, and lineage written back."""

# The cases hold Arabic letters on purpose.

from __future__ import annotations

import pytest

from sabt.names.persons import (
    ARABIC_NAMES_BEGINNING_AL,
    LATIN_ADDRESS_WORDS,
    Lineage,
    join_lineage,
    name_similarity,
    person_name,
    split_lineage,
)


def skeleton(text: str) -> str:
    return person_name(text).skeleton


@pytest.mark.parametrize("name", ["Ivy", "Aya", "آیه", "Ai", "Eva", "Yaya"])
def test_every_name_has_a_key(name: str) -> None:
    assert skeleton(name)


def test_a_name_of_vowels_meets_across_scripts() -> None:
    assert skeleton("Aya") == skeleton("آیه")
    assert name_similarity(person_name("Aya"), person_name("آیه")) == 1.0
    assert skeleton("Ivy") != skeleton("Aya")


@pytest.mark.parametrize("name", ["Al-Hassan", "al Hassan", "El-Hassan", "الحسن"])
def test_the_article_before_a_name_is_dropped(name: str) -> None:
    assert skeleton(name) == skeleton("Hassan") == skeleton("حسن")


@pytest.mark.parametrize("name", sorted(ARABIC_NAMES_BEGINNING_AL))
def test_names_that_begin_with_the_letters_of_the_article_keep_them(
    name: str,
) -> None:
    assert person_name(name).tokens == (name,)


def test_allah_at_the_start_of_a_name_is_kept() -> None:
    assert skeleton("الله داد") == skeleton("Allah Dad")


def test_the_article_inside_a_name_still_joins_it() -> None:
    assert skeleton("Zia-ul-Haq") == skeleton("ضیاءالحق") == skeleton("Ziaulhaq")
    assert skeleton("Nizam ud-din") == skeleton("نظام الدین")


@pytest.mark.parametrize(
    "spellings",
    [
        ["Usman", "Uthman", "Osman", "Othman", "عثمان"],
        ["Zabih", "Dhabih", "ذبیح"],
        ["Sabit", "Thabit", "ثابت"],
        ["Zakir", "Dhakir", "ذاکر"],
    ],
)
def test_th_and_dh_meet_s_and_z(spellings: list[str]) -> None:
    assert len({skeleton(spelling) for spelling in spellings}) == 1


def test_a_th_before_the_article_is_t_and_h() -> None:
    assert skeleton("Fathullah") == skeleton("فتح الله")


def test_initials_are_a_weaker_key_than_the_name() -> None:
    initialled = person_name("M. Aref")
    full = person_name("Mohammad Aref")
    assert initialled.initials == full.abbreviated == "m|rf"
    assert initialled.skeleton != full.skeleton
    assert full.initials == ""
    assert person_name("M. Aref").initials != person_name("K. Aref").initials


@pytest.mark.parametrize(
    ("name", "same_as"),
    [
        ("Sayed Agha", "سید آغا"),
        ("Mullah Jan", "ملا جان"),
        ("Shir Aqa", "شیر آقا"),
        ("Haji Khan", "حاجی خان"),
    ],
)
def test_a_title_before_a_word_of_address_is_the_name(name: str, same_as: str) -> None:
    assert skeleton(name) == skeleton(same_as)
    assert len(person_name(name).tokens) == 2


def test_a_title_before_a_name_is_still_dropped() -> None:
    assert skeleton("Haji Gul Agha") == skeleton("Gul Agha")
    assert skeleton("Sayed Jafar") == skeleton("Jafar")


def test_words_of_address_are_folded_like_names() -> None:
    assert all(person_name(word).tokens for word in LATIN_ADDRESS_WORDS)


@pytest.mark.parametrize(
    ("sex", "written"),
    [
        ("m", "Aref s/o Gul Ahmad s/o Karim"),
        ("f", "Fatima d/o Gul Ahmad s/o Karim"),
        ("", "Aref child of Gul Ahmad s/o Karim"),
    ],
)
def test_lineage_is_written_back_by_the_persons_sex(sex: str, written: str) -> None:
    given = written.split(maxsplit=1)[0]
    lineage = Lineage(given=given, father="Gul Ahmad", grandfather="Karim")
    assert join_lineage(lineage, sex=sex) == written


def test_a_wife_is_written_wife_of() -> None:
    lineage = Lineage(given="Fatima", father="Karim", grandfather="", spouse="Gul")
    assert join_lineage(lineage, sex="f") == "Fatima d/o Karim w/o Gul"


@pytest.mark.parametrize(
    ("sex", "connector"), [("m", "ولد"), ("f", "بنت"), ("", "فرزند")]
)
def test_a_name_in_dari_keeps_a_dari_connector(sex: str, connector: str) -> None:
    lineage = Lineage(given="فاطمه", father="گل احمد", grandfather="کریم")
    written = join_lineage(lineage, sex=sex)
    assert written == f"فاطمه {connector} گل احمد ولد کریم"
    assert "/" not in written


def test_a_spouse_in_dari_is_hamsar() -> None:
    lineage = Lineage(given="فاطمه", father="", grandfather="", spouse="گل")
    assert join_lineage(lineage, sex="f") == "فاطمه همسر گل"


@pytest.mark.parametrize("sex", ["m", "f", ""])
def test_a_written_lineage_reads_back_into_its_parts(sex: str) -> None:
    for lineage in (
        Lineage(given="Aref", father="Gul Ahmad", grandfather="Karim"),
        Lineage(given="عارف", father="گل احمد", grandfather="کریم"),
    ):
        back = split_lineage(join_lineage(lineage, sex=sex))
        assert (back.given, back.father, back.grandfather) == (
            lineage.given,
            lineage.father,
            lineage.grandfather,
        )
