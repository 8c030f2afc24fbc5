"""Tests for ``gazetteer.place_names``: one case per folding rule.

Each table row names the rule it checks; the rules themselves are the data
tables at the top of the module under test.
"""

# The cases are Arabic letters and the apostrophe-like marks of
# romanisations on purpose; ruff's look-alike warnings do not apply.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from sabt.gazetteer.place_names import (
    ascii_name,
    fold_latin,
    name_keys,
    normalise_arabic,
)

ARABIC_RULES = [
    pytest.param("دشتك", "دشتک", id="Arabic kaf is Persian keheh"),
    pytest.param("سنگين", "سنگین", id="Arabic yeh is Persian yeh"),
    pytest.param("ملا خيل", "ملا خیل", id="Arabic yeh inside a word"),
    pytest.param("موسى", "موسی", id="alef maksura is Persian yeh"),
    pytest.param("أنابه", "انابه", id="alef with hamza above is alef"),
    pytest.param("إسلام", "اسلام", id="alef with hamza below is alef"),
    pytest.param("دوآب", "دواب", id="alef with madda is alef"),
    pytest.param("ٱب", "اب", id="alef wasla is alef"),
    pytest.param("قلعة", "قلعه", id="teh marbuta is heh"),
    pytest.param("قلعۀ تری", "قلعه تری", id="heh with yeh above is heh"),
    pytest.param("قلعهٔ تری", "قلعه تری", id="heh with a hamza mark is heh"),
    pytest.param("پائین", "پایین", id="yeh with hamza is yeh"),
    pytest.param("قلعه\u200cچه", "قلعهچه", id="zero-width non-joiner is dropped"),
    pytest.param("پَرِیان", "پریان", id="harakat are dropped"),
    pytest.param("عبداللـه", "عبدالله", id="tatweel is dropped"),
    pytest.param("عبدﷲ", "عبدالله", id="the Allah ligature is spelled out"),
    pytest.param(
        "ښ ځ څ ږ ټ ډ ړ ڼ ې ۍ", "ښ ځ څ ږ ټ ډ ړ ڼ ې ۍ", id="Pashto letters stay"
    ),
    pytest.param("  ده   پریان ", "ده پریان", id="spaces collapse"),
]


@pytest.mark.parametrize(("written", "normalised"), ARABIC_RULES)
def test_arabic_script_normalises(written: str, normalised: str) -> None:
    assert normalise_arabic(written) == normalised


LATIN_RULES = [
    pytest.param("Bāzārak", "bazarak", id="macrons are stripped"),
    pytest.param("Naṟma Ḏangāna", "narma dangana", id="underdots are stripped"),
    pytest.param("Daštak", "dashtak", id="s caron is sh"),
    pytest.param("Čangaram", "changaram", id="c caron is ch"),
    pytest.param("Şāḩibzādah", "sahibzadah", id="cedillas are stripped"),
    pytest.param("Qal‘ah", "qalah", id="ayn is dropped"),
    pytest.param("’Unābah", "unabah", id="hamza is dropped"),
    pytest.param("Qal'ah", "qalah", id="apostrophe is dropped"),
    pytest.param("ʿAli", "ali", id="modifier-letter ayn is dropped"),
    pytest.param("Deh-e Parian", "deh e parian", id="hyphens separate words"),
    pytest.param("KABUL", "kabul", id="case is folded"),
]


@pytest.mark.parametrize(("written", "folded"), LATIN_RULES)
def test_latin_folds(written: str, folded: str) -> None:
    assert fold_latin(written) == folded


WORD_RULES = [
    pytest.param("Deh-e Parīān", "dehparian", "parian", id="deh-e is generic"),
    pytest.param("Qal‘ah-ye Parīān", "qalaparian", "parian", id="qal'ah-ye is generic"),
    pytest.param(
        "Qal‘a-i-Paṟiān", "qalaparian", "parian", id="the ezafe -i is dropped"
    ),
    pytest.param("Dekhi-Parian", "dehparian", "parian", id="Russian dekhi is deh"),
    pytest.param("Qaryah-ye Shast", "qaryashast", "shast", id="qaryah is generic"),
    pytest.param("Darah-ye Hazārah", "darahazarah", "hazarah", id="darah is generic"),
    pytest.param("Kuhnah Deh", "kuhnahdeh", "kuhnahdeh", id="only leading words"),
    pytest.param("Deh", "deh", "deh", id="a generic word alone stays"),
    pytest.param("ده پریان", "دهپریان", "پریان", id="Arabic ده is generic"),
    pytest.param("قلعۀ پریان", "قلعهپریان", "پریان", id="Arabic قلعه is generic"),
]


@pytest.mark.parametrize(("written", "full", "core"), WORD_RULES)
def test_generic_words_and_ezafe(written: str, full: str, core: str) -> None:
    keys = name_keys(written)
    assert (keys.full, keys.core) == (full, core)


SKELETON_RULES = [
    pytest.param(["Parion", "Paryan", "Parian", "پریان"], "prn", id="vowels drop"),
    pytest.param(["Qalatak", "Kalatak", "قلاتک"], "kltk", id="q and k meet"),
    pytest.param(["Watapurā", "Vatapura", "وتپرا"], "vtpr", id="w and v meet"),
    pytest.param(["Kowjān", "Kawjan", "کوجان"], "kjn", id="w in a diphthong drops"),
    pytest.param(["Nōlāwah", "نولاوه"], "nlv", id="waw before a final heh"),
    pytest.param(["Rukhah", "Rokha", "رخه"], "rx", id="final silent heh drops"),
    pytest.param(["Dashtak", "Daštak", "دشتک"], "dStk", id="sh is one sound"),
    pytest.param(["Ghinju", "Gindzhu", "غنجو"], "gnj", id="gh g and dzh"),
    pytest.param(["Yakah Bayd", "Yekkeh Bīd", "یکه بید"], "kbd", id="doubles merge"),
    pytest.param(["Darkhēl", "درخېل", "در خيل"], "drxl", id="Pashto yeh is a vowel"),
    pytest.param(["Ḏakanū", "ډکنو"], "dkn", id="Pashto ddal is d"),
    pytest.param(["Deh-e Parīān", "ده پریان"], "prn", id="generic words drop"),
]


@pytest.mark.parametrize(("spellings", "skeleton"), SKELETON_RULES)
def test_spellings_meet_on_one_consonant_skeleton(
    spellings: list[str], skeleton: str
) -> None:
    assert {name_keys(spelling).skeleton for spelling in spellings} == {skeleton}


def test_script_is_detected_per_name() -> None:
    assert (name_keys("Parian").script, name_keys("پریان").script) == (
        "latin",
        "arabic",
    )


def test_ascii_name_keeps_case_and_drops_marks() -> None:
    assert ascii_name("Qal‘ah-ye Parīān") == "Qalah-ye Parian"
    assert ascii_name("Šāljajarī") == "Shaljajari"


def test_ascii_name_of_an_arabic_name_is_empty() -> None:
    assert ascii_name("سریچه") == ""
