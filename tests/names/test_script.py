"""Tests for ``names.script``: every entry of every folding table.

The place-name tests in ``tests/gazetteer/test_names.py`` check the same
functions through curated place names; these check each table entry, the
Pashto letters one by one, and properties over arbitrary text.
"""

# The cases are Arabic letters on purpose; ruff's look-alike warnings do not
# apply.
# ruff: noqa: RUF001

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.names.script import (
    ARABIC_CONSONANTS,
    ARABIC_LETTER_FOLDS,
    LATIN_CONSONANTS,
    LATIN_DIGRAPHS,
    LATIN_LETTER_FOLDS,
    PASHTO_LETTERS,
    arabic_skeleton,
    fold_latin,
    is_arabic_script,
    latin_skeleton,
    merge_repeats,
    normalise_arabic,
)

# Letters, marks and joiners that names are written in, mixed with control
# characters, so generated text looks like the worst of real lists.
NAME_ALPHABET = (
    "ابپتټثجچځڅحخدډذرړزژږسشښصضطظعغفقکگلمنڼوهیېۍيكةۀأإآٱئؤء"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u200c\u200d\u200f"
    "abcdefghijklmnopqrstuvwxyzAEIOU'’‘-/ .,0123456789۰۱۲"
    "\x00\x07\t\n\u202e\ufeffﷲﻻ"
)
names = st.text(alphabet=NAME_ALPHABET, max_size=40)
any_text = st.one_of(st.text(), names)


# ---------------------------------------------------------------------------
# Arabic script


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        pytest.param(k, v, id=unicodedata.name(k))
        for k, v in ARABIC_LETTER_FOLDS.items()
    ],
)
def test_each_letter_variant_folds_to_its_dari_letter(
    written: str, folded: str
) -> None:
    assert normalise_arabic(f"ب{written}ب") == f"ب{folded}ب"


@pytest.mark.parametrize(
    "mark",
    [
        pytest.param("\u064e", id="fatha"),
        pytest.param("\u0650", id="kasra"),
        pytest.param("\u064f", id="damma"),
        pytest.param("\u0651", id="shadda"),
        pytest.param("\u0652", id="sukun"),
        pytest.param("\u064b", id="fathatan"),
        pytest.param("\u0654", id="hamza above"),
        pytest.param("\u0670", id="superscript alef"),
        pytest.param("\u06e1", id="Quranic annotation sign"),
        pytest.param("\u0640", id="tatweel"),
        pytest.param("\u200c", id="zero-width non-joiner"),
        pytest.param("\u200d", id="zero-width joiner"),
        pytest.param("\u200f", id="right-to-left mark"),
        pytest.param("\ufeff", id="byte order mark"),
    ],
)
def test_each_ignored_mark_is_dropped(mark: str) -> None:
    assert normalise_arabic(f"مح{mark}مد") == "محمد"


@pytest.mark.parametrize(
    "letter", [pytest.param(c, id=unicodedata.name(c)) for c in sorted(PASHTO_LETTERS)]
)
def test_each_pashto_letter_survives_normalisation(letter: str) -> None:
    assert normalise_arabic(f"ب{letter}\u064eب") == f"ب{letter}ب"


def test_pashto_letters_are_the_ten_that_persian_normalisers_destroy() -> None:
    assert "".join(sorted(PASHTO_LETTERS)) == "".join(sorted("ښځڅږټډړڼېۍ"))


def test_presentation_forms_are_unfolded() -> None:
    assert normalise_arabic("ﻣﺤﻤﺪ ﷲ") == "محمد الله"


def test_spaces_collapse() -> None:
    assert normalise_arabic("  گل \t احمد ") == "گل احمد"


def test_latin_text_passes_normalisation_unchanged() -> None:
    assert normalise_arabic("Gul Ahmad") == "Gul Ahmad"


def test_arabic_script_is_detected_by_any_letter() -> None:
    assert (is_arabic_script("Gul احمد"), is_arabic_script("Gul Ahmad")) == (
        True,
        False,
    )


# ---------------------------------------------------------------------------
# Latin script


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        pytest.param(k, v or "(dropped)", id=unicodedata.name(k))
        for k, v in LATIN_LETTER_FOLDS.items()
    ],
)
def test_each_latin_letter_fold_applies(written: str, folded: str) -> None:
    expected = "a" + ("" if folded == "(dropped)" else folded) + "a"
    assert fold_latin(f"a{written}a") == expected


def test_diacritics_are_stripped_and_case_folded() -> None:
    assert fold_latin("ĀRIF Ṣāḥib") == "arif sahib"


def test_punctuation_and_hyphens_separate_words() -> None:
    assert fold_latin("Gul-Ahmad,Arif/Karim") == "gul ahmad arif karim"


# ---------------------------------------------------------------------------
# Consonant skeleton


@pytest.mark.parametrize(
    ("latin", "arabic", "skeleton"),
    [
        pytest.param("kh", "خ", "x", id="kh is kheh"),
        pytest.param("gh", "غ", "g", id="gh is ghain"),
        pytest.param("sh", "ش", "S", id="sh is sheen"),
        pytest.param("zh", "ژ", "z", id="zh is zheh"),
        pytest.param("ch", "چ", "c", id="ch is tcheh"),
    ],
)
def test_each_latin_digraph_meets_its_arabic_letter(
    latin: str, arabic: str, skeleton: str
) -> None:
    assert latin_skeleton(f"a{latin}a") == arabic_skeleton(arabic) == skeleton


def test_dzh_is_the_russian_spelling_of_j() -> None:
    assert latin_skeleton("dzhan") == arabic_skeleton("جان") == "jn"


def test_every_arabic_class_letter_is_reachable_from_latin() -> None:
    latin_classes = set(LATIN_CONSONANTS.values()) | {s for _, s in LATIN_DIGRAPHS}
    assert set(ARABIC_CONSONANTS.values()) <= latin_classes


@pytest.mark.parametrize(
    ("letters", "skeleton"),
    [
        pytest.param("تټط", "t", id="teh, Pashto tteh and tah are t"),
        pytest.param("ثسصڅ", "s", id="theh, seen, sad and Pashto tsa are s"),
        pytest.param("ذزضظژږځ", "z", id="the z letters and Pashto dze are z"),
        pytest.param("دډ", "d", id="dal and Pashto ddal are d"),
        pytest.param("رړ", "r", id="reh and Pashto rreh are r"),
        pytest.param("شښ", "S", id="sheen and Pashto xin are S"),
        pytest.param("نڼ", "n", id="noon and Pashto rnoon are n"),
        pytest.param("قک", "k", id="qaf and kaf are k"),
        pytest.param("غگ", "g", id="ghain and gaf are g"),
        pytest.param("حه", "h", id="hah and heh are h"),
    ],
)
def test_arabic_letters_of_one_sound_share_a_class(letters: str, skeleton: str) -> None:
    assert {merge_repeats(arabic_skeleton(f"ب{c}ب")) for c in letters} == {
        f"b{skeleton}b"
    }


def test_vowel_letters_are_dropped_in_both_scripts() -> None:
    assert (latin_skeleton("aeiouy"), arabic_skeleton("باعیېۍب")) == ("", "bb")


def test_q_and_c_are_k() -> None:
    assert (latin_skeleton("qasim"), latin_skeleton("carim")) == ("ksm", "krm")


def test_w_is_a_consonant_only_before_a_vowel() -> None:
    assert (latin_skeleton("wali"), latin_skeleton("kowjan")) == ("vl", "kjn")


def test_waw_is_a_consonant_at_the_start_or_before_alef() -> None:
    assert (
        arabic_skeleton("ولی"),
        arabic_skeleton("جوان"),
        arabic_skeleton("نور"),
    ) == (
        "vl",
        "jvn",
        "nr",
    )


def test_final_heh_is_silent_in_both_scripts() -> None:
    assert latin_skeleton("fatemah") == arabic_skeleton("فاطمه") == "ftm"


def test_repeats_merge() -> None:
    assert merge_repeats(latin_skeleton("mohammad")) == "mhmd"


# ---------------------------------------------------------------------------
# Properties


@given(any_text)
def test_normalising_arabic_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise_arabic(text)
    assert normalise_arabic(once) == once


@given(any_text)
def test_normalising_arabic_never_removes_a_pashto_letter(text: str) -> None:
    normalised = normalise_arabic(text)
    for letter in PASHTO_LETTERS:
        assert normalised.count(letter) >= text.count(letter)


@given(any_text)
def test_folding_latin_never_raises_and_is_idempotent(text: str) -> None:
    once = fold_latin(text)
    assert fold_latin(once) == once
    assert once == "" or once.isascii()


@given(any_text)
def test_skeletons_never_raise_and_are_deterministic(text: str) -> None:
    assert latin_skeleton(text) == latin_skeleton(text)
    assert arabic_skeleton(text) == arabic_skeleton(text)


def test_pashto_gaf_keeps_its_letter_and_meets_dari_gaf_in_the_skeleton() -> None:
    assert normalise_arabic("ګل") == "ګل"  # a Pashto letter is not spelling noise
    assert arabic_skeleton(normalise_arabic("ګل")) == arabic_skeleton("گل") == "gl"


def test_sindhi_kaf_from_some_keyboards_is_kaf() -> None:
    assert normalise_arabic("ڪابل") == "کابل"
