"""Script-level folding shared by place and person names.

Arabic-script text (Dari and Pashto) is normalised without losing the Pashto
letters; Latin romanisations are folded to plain lowercase ASCII; and either
is reduced to a consonant skeleton whose class letters are shared by both
scripts, so "Parion", "Paryan" and "پریان" meet. Each rule is a table or
constant below with the reason it exists; ``tests/names/test_script.py``
checks every entry. Pure Python, no Django.
"""

# The tables hold Arabic letters and the apostrophe-like marks of
# romanisations on purpose; ruff's look-alike warnings do not apply.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Script = Literal["arabic", "latin"]

# ---------------------------------------------------------------------------
# Arabic script (Dari and Pashto)

# Letters Pashto has and Dari and Arabic lack. Persian normalisers commonly
# fold them into their nearest Persian letter (ښ to ش, ې to ی), which turns
# one Pashto name into another; nothing here may change them.
PASHTO_LETTERS = frozenset("ښځڅږټډړڼېۍ")

# Letters that keyboards, fonts and older data write with different code
# points for the same Dari letter. Pashto letters (ښ ځ څ ږ ټ ډ ړ ڼ ې ۍ) are
# deliberately absent: they are letters of their own, not spelling noise.
ARABIC_LETTER_FOLDS: dict[str, str] = {
    "ي": "ی",  # Arabic yeh, typed on Arabic keyboards, is the Persian yeh
    "ى": "ی",  # alef maksura: the same letter without dots in Arabic style
    "ك": "ک",  # Arabic kaf, typed on Arabic keyboards, is the Persian keheh
    "أ": "ا",  # alef with hamza above: hamza seats are written or not at will
    "إ": "ا",  # alef with hamza below
    "آ": "ا",  # alef with madda: آب and اب are spelled both ways in names
    "ٱ": "ا",  # alef wasla, from Arabic text
    "ة": "ه",  # teh marbuta, from Arabic spelling of a final -a
    "ۀ": "ه",  # heh with yeh above: the ezafe on a final heh (قلعۀ = قلعه)
    "ئ": "ی",  # yeh with hamza: پائین and پایین are the same word
    "ؤ": "و",  # waw with hamza
    "ڪ": "ک",  # Sindhi-style kaf, from some keyboards, is kaf
}

# Marks that do not change which name is meant: harakat and other
# diacritics (U+064B-U+065F: fatha, kasra, the hamza above of هٔ, ...), the
# superscript alef, Quranic annotation signs, tatweel (a stretching stroke),
# and the zero-width joiners and direction marks inside words.
ARABIC_IGNORED = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f\ufeff]"
)

# Arabic-script letters in the Unicode blocks Dari and Pashto use.
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

# ---------------------------------------------------------------------------
# Latin script (romanisations: BGN/PCGN, Russian maps, English reports)

# Characters that fold to other letters rather than losing a mark: the
# caron letters of ISO and Russian-derived romanisations stand for the
# BGN/PCGN digraphs (Daštak = Dashtak); apostrophes, ayn and hamza signs
# are typed inconsistently or not at all (Qal'ah, Qal‘ah, Qalah).
LATIN_LETTER_FOLDS: dict[str, str] = {
    "š": "sh",  # Daštak = Dashtak
    "č": "ch",  # Čangaram = Changaram
    "ž": "zh",
    "ı": "i",  # dotless i, from Turkish-style transcriptions
    "'": "",
    "‘": "",  # the ayn of BGN/PCGN, as GeoNames writes it
    "’": "",  # hamza, and the Russian soft sign in Vadkul’
    "ʼ": "",
    "ʻ": "",
    "ʾ": "",
    "ʿ": "",
    "`": "",
    "´": "",
}

# ---------------------------------------------------------------------------
# Consonant skeleton: one class letter per sound that romanisations confuse.
# Vowels are dropped because Latin spellings of Dari vowels disagree (Parion,
# Parian, Paryan) and Arabic script mostly leaves them unwritten.

# Latin letter groups read before single letters, longest first.
LATIN_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),  # Russian maps: Dzherali = Jayr Ali
    ("kh", "x"),  # خ
    ("gh", "g"),  # غ, romanised g or gh; merged with گ
    ("sh", "S"),  # ش
    ("zh", "z"),  # ژ and Pashto ږ
    ("ch", "c"),  # چ
)

# Single Latin letters; a letter absent here is dropped (a, e, i, o, u, y).
LATIN_CONSONANTS: dict[str, str] = {
    "b": "b",
    "p": "p",
    "t": "t",
    "d": "d",
    "j": "j",
    "c": "k",  # a lone c is an English hard c
    "k": "k",
    "q": "k",  # ق and ک: Qalatak = Kalatak
    "g": "g",
    "x": "x",
    "f": "f",
    "s": "s",
    "z": "z",
    "r": "r",
    "l": "l",
    "m": "m",
    "n": "n",
    "h": "h",
}
LATIN_VOWELS = frozenset("aeiouy")

# w and v write the same letter و; they count as a consonant only before a
# vowel (Watapura, Nolawah), not in a diphthong (Kowjan, Chashmaw).
LATIN_SEMIVOWELS = frozenset("wv")

# Arabic-script letters to the same classes; absent letters (ا ع ء ی ې ۍ)
# carry or are vowels and are dropped.
ARABIC_CONSONANTS: dict[str, str] = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ټ": "t",
    "ط": "t",
    "ث": "s",
    "س": "s",
    "ص": "s",
    "څ": "s",
    "ج": "j",
    "چ": "c",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ډ": "d",
    "ذ": "z",
    "ز": "z",
    "ض": "z",
    "ظ": "z",
    "ژ": "z",
    "ږ": "z",
    "ځ": "z",
    "ر": "r",
    "ړ": "r",
    "ش": "S",
    "ښ": "S",
    "غ": "g",
    "گ": "g",
    "ګ": "g",  # Pashto gaf: ګل is گل in Pashto spelling
    "ف": "f",
    "ق": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ڼ": "n",
}

# و is a consonant at the start of a word (Watapura وتپرا) or before an alef
# or a final silent heh (Nolawah نولاوه); elsewhere it is the vowel o/u.
ARABIC_WAW = "و"
ARABIC_ALEF = "ا"
ARABIC_HEH = "ه"


def is_arabic_script(text: str) -> bool:
    """Whether the text holds any Arabic-script letter."""
    return ARABIC_LETTER.search(text) is not None


def normalise_arabic(text: str) -> str:
    """Return Arabic-script text with spelling noise removed.

    Compatibility forms are unfolded (NFKC: presentation forms, the ﷲ
    ligature), letter variants folded (``ARABIC_LETTER_FOLDS``), marks
    dropped (``ARABIC_IGNORED``) and spaces collapsed. Pashto letters stay.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ARABIC_LETTER_FOLDS.get(char, char) for char in text)
    text = ARABIC_IGNORED.sub("", text)
    return " ".join(text.split())


def fold_latin(text: str) -> str:
    """Return Latin text lowercased, without diacritics or apostrophes.

    Hyphens and other punctuation become spaces; ``LATIN_LETTER_FOLDS``
    applies before the marks are stripped, so "š" becomes "sh", not "s".
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = "".join(LATIN_LETTER_FOLDS.get(char, char) for char in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(re.sub("[^a-z0-9]+", " ", text).split())


def latin_skeleton(word: str) -> str:
    """Return the consonant classes of one folded Latin word.

    Digraphs (``LATIN_DIGRAPHS``) are read first; w and v count only
    before a vowel; a final h after a vowel is taken for the silent final
    heh of Arabic script (Rukhah = رخه). Repeats are not merged here.
    """
    if len(word) > 1 and word.endswith("h") and word[-2] in LATIN_VOWELS:
        word = word[:-1]
    out: list[str] = []
    i = 0
    while i < len(word):
        for digraph, sound in LATIN_DIGRAPHS:
            if word.startswith(digraph, i):
                out.append(sound)
                i += len(digraph)
                break
        else:
            char = word[i]
            if char in LATIN_SEMIVOWELS:
                if i + 1 < len(word) and word[i + 1] in LATIN_VOWELS:
                    out.append("v")
            elif char in LATIN_CONSONANTS:
                out.append(LATIN_CONSONANTS[char])
            i += 1
    return "".join(out)


def arabic_skeleton(word: str) -> str:
    """Return the consonant classes of one normalised Arabic-script word.

    A final heh after a letter is silent (it writes the vowel a/e); و is a
    consonant only where ``ARABIC_WAW`` says. Repeats are not merged here.
    """
    has_silent_heh = len(word) > 1 and word.endswith(ARABIC_HEH)
    letters = word[:-1] if has_silent_heh else word
    out: list[str] = []
    for i, char in enumerate(letters):
        if char == ARABIC_WAW:
            following = letters[i + 1 : i + 2]
            before_silent_heh = following == "" and has_silent_heh
            if i == 0 or following == ARABIC_ALEF or before_silent_heh:
                out.append("v")
        elif char in ARABIC_CONSONANTS:
            out.append(ARABIC_CONSONANTS[char])
    return "".join(out)


def merge_repeats(skeleton: str) -> str:
    """Return a skeleton with runs of one class letter merged into one.

    Doubled letters are spelled single as often as double (Yekkahbid,
    Mohammad/Mohamad), and Arabic script writes a doubled letter once.
    """
    return re.sub(r"(.)\1+", r"\1", skeleton)
