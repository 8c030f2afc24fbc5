"""Folding place names so that spellings, and scripts, can be compared.

Every name gives a ``NameKeys``: ``full`` (the name folded, generic words in
one spelling), ``core`` (the same without a leading generic word such as
"Deh-e" or "Qal'ah-ye") and ``skeleton`` (its consonants, in classes shared
by Latin and Arabic script, so "Parion", "Paryan" and "پریان" meet). The
script-level rules (Arabic normalisation, Latin folding, the skeleton) live
in ``sabt.names.script`` and are shared with person names; the tables here
are what only place names need. The tests in ``tests/gazetteer/test_names.py``
hold one case per rule.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from sabt.names.script import (
    LATIN_LETTER_FOLDS,
    Script,
    arabic_skeleton,
    fold_latin,
    is_arabic_script,
    latin_skeleton,
    merge_repeats,
    normalise_arabic,
)

# Other gazetteer modules import the shared folding from here.
__all__ = [
    "NameKeys",
    "Script",
    "ascii_name",
    "fold_latin",
    "is_arabic_script",
    "name_keys",
    "normalise_arabic",
]

# ---------------------------------------------------------------------------
# Words only place names have

# Words for "village", "fort", "hamlet" and "valley" that lead many names
# and that people drop or swap when they say the name.
ARABIC_GENERIC_WORDS = frozenset({"ده", "قلعه", "قریه", "دره"})

# Ezafe particles ("Deh-e Parian", "Qal'ah-ye Tari", "Qal'a-i-Tari"): a
# grammatical link, dropped in speech and in most English reports.
EZAFE_WORDS = frozenset({"e", "ye", "i", "yi"})

# Generic leading words, each spelling mapped to one form, so "Qala-e Parian"
# and "Qal'ah-ye Parian" agree. "dekhi" is the Russian-map spelling of
# "Deh-i". A name that is nothing but a generic word keeps it.
LATIN_GENERIC_WORDS: dict[str, str] = {
    "deh": "deh",
    "dehe": "deh",
    "dehi": "deh",
    "dekhi": "deh",
    "dih": "deh",
    "qalah": "qala",
    "qala": "qala",
    "qalai": "qala",
    "qaleh": "qala",
    "kala": "qala",
    "qaryah": "qarya",
    "qarya": "qarya",
    "qaryeh": "qarya",
    "darah": "dara",
    "dara": "dara",
    "darae": "dara",
    "darreh": "dara",
}

LATIN_GENERIC_FORMS = frozenset(LATIN_GENERIC_WORDS.values())


@dataclass(frozen=True)
class NameKeys:
    """The comparison keys of one name; see the module docstring."""

    script: Script
    full: str
    core: str
    skeleton: str

    @property
    def has_generic_word(self) -> bool:
        """Whether the name starts with a generic word such as "Deh"."""
        return self.full != self.core


def ascii_name(name: str) -> str:
    """Return a Latin name without diacritics, keeping case and spacing.

    Like GeoNames' ``asciiname``; empty for a name in Arabic script.
    """
    if is_arabic_script(name):
        return ""
    folded = "".join(
        _fold_keeping_case(char) for char in unicodedata.normalize("NFC", name)
    )
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(plain.encode("ascii", "ignore").decode("ascii").split())


def _fold_keeping_case(char: str) -> str:
    folded = LATIN_LETTER_FOLDS.get(char.lower())
    if folded is None:
        return char
    return folded.capitalize() if char.isupper() else folded


@functools.lru_cache(maxsize=8192)
def name_keys(name: str) -> NameKeys:
    """Return the comparison keys of a name in either script."""
    if is_arabic_script(name):
        return _keys("arabic", normalise_arabic(name).split())
    return _keys("latin", _latin_words(name))


def _latin_words(name: str) -> list[str]:
    words = fold_latin(name).split()
    # An ezafe is never the first word; "E" alone would be a name.
    words = words[:1] + [word for word in words[1:] if word not in EZAFE_WORDS]
    if words:
        words[0] = LATIN_GENERIC_WORDS.get(words[0], words[0])
    return words


def _keys(script: Script, words: list[str]) -> NameKeys:
    generic = ARABIC_GENERIC_WORDS if script == "arabic" else LATIN_GENERIC_FORMS
    core = list(words)
    while len(core) > 1 and core[0] in generic:
        core.pop(0)
    skeleton_of = arabic_skeleton if script == "arabic" else latin_skeleton
    return NameKeys(
        script=script,
        full="".join(words),
        core="".join(core),
        skeleton=merge_repeats("".join(skeleton_of(word) for word in core)),
    )
