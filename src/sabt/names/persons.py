"""Person names as written, turned into keys that tracing can match on.

A family asking for "Mohammad Aref son of Gul Ahmad" has to find
"Muhammad Arif s/o Gulahmad" in a detainee list and "محمد عارف ولد گل احمد"
in a hospital register. ``person_name`` gives a name's keys: ``tokens`` and
``folded`` compare spellings in one script, ``skeleton`` compares across
scripts. ``split_lineage`` takes a name apart at "son of" and its kin, and
``name_similarity`` scores two names for a person reviewing a match.

The name is always stored as written; the keys are derived from it and can
be recomputed when a rule changes. The rules apply in this order, each a
table below with the reason it exists:

1. lineage markers split the name into segments (``SLASH_MARKERS``,
   ``LATIN_LINEAGE_WORDS``, ``ARABIC_LINEAGE_WORDS``); they are dropped;
2. words are read per script: Arabic script through
   ``script.normalise_arabic`` and ``ARABIC_NAME_FOLDS``, Latin through
   ``script.fold_latin`` and ``LATIN_VOWEL_FOLDS`` with doubled letters
   merged; digits and punctuation only separate words; a lead word glued
   to the name after it is taken off (``LATIN_GLUED_LEADS``,
   ``ARABIC_GLUED_LEADS``);
3. ezafe particles always, titles and single letters unless nothing else
   is left, are dropped (``LATIN_EZAFE``, ``LATIN_TITLES``,
   ``ARABIC_TITLES``);
4. compounds are joined (``LATIN_JOINS_FORWARD``, ``ARABIC_JOINS_FORWARD``,
   ``LATIN_ARTICLES``, ``ARTICLE_ELEMENTS``), never across segments or
   scripts;
5. Latin words take one spelling (``LATIN_NAME_VARIANTS``, the article
   al- written "ul", Abd al- written "abdul");
6. each token gives a consonant skeleton (``script.latin_skeleton`` or
   ``script.arabic_skeleton``) with the person-name changes described at
   ``_token_skeleton``.

Nothing here logs, caches or prints a name: names of the missing and of
their families are sealed data, and the dataclasses' ``repr`` hides them.
"""

# The tables hold Arabic letters on purpose; ruff's look-alike warnings do
# not apply.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from sabt.names.script import (
    ARABIC_LETTER,
    LATIN_LETTER_FOLDS,
    Script,
    arabic_skeleton,
    fold_latin,
    latin_skeleton,
    merge_repeats,
    normalise_arabic,
)

NameScript = Literal["arabic", "latin", "mixed", "empty"]
Relation = Literal["child", "spouse"]

# ---------------------------------------------------------------------------
# Lineage: "X son of Y son of Z", the way Afghan documents identify a person

# "s/o", "d/o", "w/o" (also "S.O.", "s\o"): the abbreviations of English
# lists from Afghanistan and Pakistan, by their first letter. They hold a
# slash, so they are found in the text before it is split into words.
SLASH_MARKERS: dict[str, Relation] = {
    "s": "child",  # son of
    "d": "child",  # daughter of
    "w": "spouse",  # wife of: a husband is not a forebear
}

# Whole words that link a person to a parent or spouse in romanised Dari,
# Arabic and English. They are names of nobody, so they are safe to drop.
LATIN_LINEAGE_WORDS: dict[str, Relation] = {
    "son": "child",
    "daughter": "child",
    "child": "child",
    "walad": "child",  # ولد, "child of", the usual word on a tazkira
    "wald": "child",
    "valad": "child",
    "bin": "child",  # Arabic "son of"
    "ibn": "child",
    "bint": "child",  # Arabic "daughter of"
    "binte": "child",
    "farzand": "child",  # فرزند, "child"
    "pesar": "child",  # پسر, "son"
    "dokhtar": "child",  # دختر, "daughter"
    "wife": "spouse",
    "husband": "spouse",
    "zawja": "spouse",  # زوجه, "wife"
    "hamsar": "spouse",  # همسر, "spouse"
}

# The same words in Arabic script, as Dari lists and registers write them.
ARABIC_LINEAGE_WORDS: dict[str, Relation] = {
    "ولد": "child",
    "بن": "child",
    "ابن": "child",
    "بنت": "child",
    "فرزند": "child",
    "پسر": "child",
    "دختر": "child",
    "زوجه": "spouse",
    "همسر": "spouse",
}

# Words that belong to the marker before them: "son of", "walad-e"
# (the ezafe, "child-of"). Only read right after a marker.
LATIN_LINEAGE_LINKS = frozenset({"of", "e", "i", "ye", "yi"})

# ---------------------------------------------------------------------------
# Reading words

# The hamza on the line is written or left out at the end of a name
# (ضیاء = ضیا, عطاءالله = عطاالله); the hamza on a seat is folded by
# ``script.ARABIC_LETTER_FOLDS``.
ARABIC_NAME_FOLDS: dict[str, str] = {"ء": ""}

# Latin vowels follow the speaker, not the name: Dari says e and o where
# Arabic and Pashto say i and u (Aref/Arif, Hekmat/Hikmat, Gol/Gul,
# Omar/Umar), and English doubles long ones (Raheem, Noor, Daoud). و is
# written w or v (Javed/Jawed, Vahid/Wahid). After these folds, doubled
# letters merge (Mohammad/Mohamad, Siddiq/Sidiq, Noor/Nur, Abdullatif/
# Abdulatif), since Arabic script writes a doubled letter once.
LATIN_VOWEL_FOLDS: dict[str, str] = {
    "e": "i",
    "o": "u",
    "v": "w",
}

# Ezafe particles ("Fazl-e Rabbi", "Walad-i"): a grammatical link that most
# lists leave out. Arabic script writes the ezafe as a mark, already gone.
LATIN_EZAFE = frozenset({"e", "i", "ye", "yi"})

# Titles and honorifics: earned, inherited or given by others, written by
# one source and not another ("Haji Gul Ahmad", "Gul Ahmad"). They are
# dropped unless the name is nothing else. Kept on purpose, because they
# are often a real part of the name: Khan, Jan, Agha, Mir, Shah, Hafiz,
# Amir, Malik, Sardar, Pir, Bibi. "Shaheed" (martyr) is a title, but its
# folded form is the name Shahid, so only the Arabic-script شهید is one.
LATIN_TITLES = frozenset(
    {
        # pilgrims to Mecca
        "haji",
        "hajji",
        "haj",
        "hajj",
        "alhaj",
        "alhajj",
        # clergy and scholars
        "mullah",
        "mulla",
        "molla",
        "mawlawi",
        "maulawi",
        "mawlavi",
        "maulavi",
        "maulvi",
        "molvi",
        "mawlana",
        "maulana",
        "molana",
        "qari",
        "mufti",
        "sheikh",
        "shaikh",
        "sheik",
        "ustad",
        "ustaz",
        "ostad",
        # descendants of the Prophet; Said (سعید) is a name, not a title
        "sayed",
        "sayyed",
        "sayyid",
        "syed",
        "seyed",
        # professions and ranks
        "engineer",
        "eng",
        "engr",
        "doctor",
        "dr",
        "professor",
        "prof",
        "general",
        "commander",
        "qomandan",
        # forms of address and of mourning
        "mr",
        "mrs",
        "ms",
        "miss",
        "janab",
        "mohtaram",
        "marhoom",
        "marhum",
        "late",
    }
)

# The same in Arabic script.
ARABIC_TITLES = frozenset(
    {
        "حاجی",
        "حاج",
        "الحاج",
        "ملا",
        "مولوی",
        "مولانا",
        "قاری",
        "مفتی",
        "شیخ",
        "استاد",
        "سید",
        "انجنیر",
        "انجینیر",
        "مهندس",
        "داکتر",
        "دکتر",
        "دوکتور",
        "پوهاند",
        "جنرال",
        "قوماندان",
        "آقای",
        "جناب",
        "محترم",
        "مرحوم",
        "شهید",
    }
)

# Words of address that make a name with a title before them: "Sayed Agha",
# "Shir Aqa", "Mullah Jan", "Haji Khan" are what people are called, and
# with the title dropped only the address word would be left. Where a
# segment is nothing but titles and these, the titles stay.
LATIN_ADDRESS_WORDS = frozenset({"agha", "aqa", "aga", "jan", "khan", "sahib", "lala"})
ARABIC_ADDRESS_WORDS = frozenset({"آغا", "آقا", "جان", "خان", "صاحب", "لالا"})

# ---------------------------------------------------------------------------
# Compounds: one name written as one word or two (Gul Ahmad, Gulahmad,
# گل‌احمد). Joining is the one direction that needs no dictionary.

# Words joined to the word after them. Abd al- ("servant of") is written
# alone before the name it governs (Abdul Rahman, Abd-ur-Rahman, Abdur
# Rahman) or joined to it (Abdulrahman); Gul ("flower") leads compound
# given names (Gul Ahmad, Gul Mohammad). Mohammad is deliberately absent:
# it leads so many names that people drop it (Mohammad Aref is known as
# Aref), so it stays a token of its own for linkage to weigh lightly.
LATIN_ABD_SPELLINGS = frozenset(
    {
        "abd",
        "abdu",
        "abdul",
        "abdol",
        "abdal",
        "abdel",
        # the article assimilated to a following sun letter
        "abdur",
        "abdus",
        "abduz",
        "abdush",
        "abdud",
        "abdut",
        "abdun",
    }
)
# Ghulam ("servant of") governs the name after it as Abd al- does (Ghulam
# Sakhi, Ghulamsakhi); Shah leads compounds (Shah Mohammad, Shahmohammad)
# and ends in an h that the skeleton drops at a word's end, so written apart
# and together they would give two keys unless joined.
LATIN_JOINS_FORWARD = LATIN_ABD_SPELLINGS | {"gul", "ghulam", "shah"}
ARABIC_JOINS_FORWARD = frozenset({"عبد", "گل", "غلام", "شاه"})

# Words English lists write glued to the name after them, which are taken
# apart again: Mohammad, which stays a token of its own (Mohammadwali =
# Mohammad Wali, and محمدعلی = محمد علی), and the sayyid title, which is then
# dropped like any title (Sayedsalim = Sayed Salim = Salim). Only where at
# least GLUED_REST_LENGTH letters follow: Mohammadi and Sayedi stay whole.
LATIN_GLUED_LEADS = frozenset(
    {
        *("mohammad", "muhammad", "mohammed", "muhammed", "mohamad", "mohamed"),
        *("sayed", "sayyed", "sayyid", "syed", "seyed"),
    }
)
ARABIC_GLUED_LEADS = frozenset({"محمد"})
GLUED_REST_LENGTH = 3

# The Arabic article al- standing alone between two names (Zia ul Haq,
# Nizam ud Din, Fazl ur Rahman, ad-Din): it joins both, and is spelled
# "ul" whatever letter it was assimilated to, because Arabic script always
# writes its lam (ضیاءالحق, نظام‌الدین, فضل‌الرحمن).
LATIN_ARTICLES = frozenset(
    {
        "ul",
        "ol",
        "al",
        "el",
        "ud",
        "ur",
        "us",
        "uz",
        "ut",
        "un",
        "ush",
        "ad",
        "ar",
        "ash",
        "az",
    }
)

# Names that follow the article in compound names, as (Arabic script with
# the article, Latin spellings without it). An Arabic word of this table
# standing alone joins the word before it (حکمت الله = حکمت‌الله); in Latin,
# the article and the name may stand alone (Hikmat Ullah) or be joined in
# any spelling (Hikmatullah, Hekmatulla, Hikmatollah), and take one form.
ARTICLE_ELEMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("الله", ("lah", "la")),  # Allah: Hikmatullah, Nurullah
    ("الدین", ("din", "deen")),  # Nizamuddin, Salahuddin, Gulbuddin
    ("الرحمن", ("rahman", "rehman")),  # Fazlurrahman, Habiburrahman
    ("الرحیم", ("rahim", "raheem")),
    ("الزمان", ("zaman",)),  # Nuruzzaman
    ("النسا", ("nisa", "nissa")),  # Zebunnisa, women's names
    ("الحق", ("haq", "haque")),  # Ziaulhaq, Inamulhaq
    ("الاسلام", ("islam",)),  # Nurulislam
    ("الامین", ("amin", "ameen")),  # Ruhulamin
    ("الهادی", ("hadi",)),
    ("الهدی", ("huda",)),
)

# The article before a name ("Al-Hassan", "el-Sayed", الحسن) is written by
# one list and left out by another, so at the start of a name it is
# dropped. Arabic script glues it to the name; these names begin with the
# letters ال without an article, and keep them (Ilyas, Elham, Almas,
# Olfat; Allah in Allahdad, Allahnazar).
ARABIC_NAMES_BEGINNING_AL = frozenset({"الیاس", "الهام", "الماس", "الفت", "البرز"})
ARABIC_ARTICLE = "ال"
# Letters a glued Arabic article must leave for a name of its own.
MIN_AFTER_ARTICLE = 3

# Latin first letters of the "sun letters", to which the article's l
# assimilates in speech (ud-Din, ur-Rahman): with these the l may be
# missing from a joined spelling (Nizamudin); with the others it is always
# written (Ziaulhaq), so a word merely ending in "amin" is not split.
SUN_LETTERS = ("t", "d", "r", "z", "s", "n", "l", "sh")

# ---------------------------------------------------------------------------
# Latin spellings of the same name, each mapped to one form. The vowel folds
# above already join most spellings (Muhammad = Mohammad, Arif = Aref,
# Noor = Nur, Gol = Gul, Hikmat = Hekmat); this table holds what they cannot
# reach: an e written for the vowel a, and abbreviations.
LATIN_NAME_VARIANTS: dict[str, str] = {
    "mohammed": "mohammad",  # e for a
    "mohamed": "mohammad",
    "muhammed": "mohammad",
    "mohd": "mohammad",  # abbreviations in English lists
    "muhd": "mohammad",
    "md": "mohammad",
    "mhd": "mohammad",
    "ahmed": "ahmad",
    "rehman": "rahman",
    "hussein": "hussain",  # حسین: Iranian and Arabic spellings
    "hossein": "hussain",
    "husein": "hussain",
    "hosein": "hussain",
    "yousef": "yusuf",
    "yusef": "yusuf",
    "yousaf": "yusuf",
    "dawood": "daud",  # داود: the w of Dawood is the alef-waw of Daud
    "dawud": "daud",
    "othman": "usman",  # عثمان: th writes ث, read s in Dari
    "uthman": "usman",
}


# ---------------------------------------------------------------------------
# Public API


@dataclass(frozen=True, repr=False)
class PersonName:
    """The matching keys of one person's name as written.

    ``as_written`` is the input, unchanged. ``tokens`` are the folded
    words, compounds joined (Gul Ahmad -> "gulahmad", Abdul Rahman ->
    "abdulrahman"; محمد عارف stays two tokens), and ``folded`` is them
    joined by spaces: compare it only with a name in the same script.
    ``skeleton`` is the consonant skeleton of the whole name, in classes
    both scripts share (Mohammad, Muhammad, Mohammed, Mohd and محمد give
    "mhmd"), so it is the key across scripts; ``token_skeletons`` are the
    skeletons of the tokens, in order. A name without consonants ("Aya",
    "Ivy", "آیه") is keyed by its semivowels, or failing those its folded
    letters (``_vowel_key``), so that every name has a key.

    ``abbreviated`` is the first letter of every word but the last, then
    "|" and the last word's skeleton ("Mohammad Aref" gives "m|rf");
    ``initials`` is the same, but only for a name written with initials
    ("M. Aref"), so that comparing one's ``initials`` with the other's
    ``abbreviated`` says "these initials may stand for that name": a
    weaker agreement than the same skeleton.
    """

    as_written: str
    script: NameScript
    tokens: tuple[str, ...]
    folded: str
    skeleton: str
    token_skeletons: tuple[str, ...]
    abbreviated: str = ""
    initials: str = ""

    def __repr__(self) -> str:
        # Names are sealed data: keep them out of logs and tracebacks.
        count = len(self.tokens)
        return f"PersonName(script={self.script!r}, tokens=<{count} redacted>)"


@dataclass(frozen=True, repr=False)
class Lineage:
    """A name taken apart at its lineage markers, each part as written.

    "Muhammad Arif s/o Gulahmad" gives given="Muhammad Arif" and
    father="Gulahmad"; a second "s/o" gives the grandfather. ``spouse`` is
    the name after "w/o" (wife of) or "husband of", which is not a
    forebear. Parts further back are left out.
    """

    given: str
    father: str
    grandfather: str
    spouse: str = ""

    def __repr__(self) -> str:
        # Names are sealed data: keep them out of logs and tracebacks.
        return "Lineage(<redacted>)"


def person_name(text: str) -> PersonName:
    """Return the matching keys of a person's name as written.

    Lineage markers are dropped, so the keys of "Arif s/o Gul Ahmad" hold
    both names; call ``split_lineage`` first to key each person apart.
    Never raises: text with no name in it gives script "empty".
    """
    segments = [_unglued(_words(part)) for _, part in _lineage_parts(text)]
    words = _without_noise(segments, keep_letters=True)
    tokens = [token for part in _without_letters(words) for token in _join(part)]
    skeletons = tuple(_token_skeleton(script, token) for script, token in tokens)
    if tokens and not any(skeletons):
        skeletons = tuple(_vowel_key(script, token) for script, token in tokens)
    scripts = {script for script, _ in tokens}
    abbreviated, initials = _abbreviations([word for part in words for word in part])
    return PersonName(
        as_written=text,
        script=_name_script(scripts),
        tokens=tuple(token for _, token in tokens),
        folded=" ".join(token for _, token in tokens),
        skeleton=merge_repeats("".join(skeletons)),
        token_skeletons=skeletons,
        abbreviated=abbreviated,
        initials=initials,
    )


def split_lineage(text: str) -> Lineage:
    """Take a name apart at "son of", "s/o", "ولد" and their kin.

    Each marker relates the part after it to the part before: a child
    marker (s/o, d/o, son of, daughter of, walad, bin, ibn, bint, ولد, بن,
    بنت, فرزند, پسر, دختر) names the father, then the grandfather; a
    spouse marker (w/o, wife of, husband of, زوجه, همسر) names the spouse.
    Anything related to neither the person nor their father (great-
    grandfathers, a spouse's father) is left out. A repeated marker counts
    once. The parts are substrings of the text in Unicode NFKC form (the
    same as the text unless it holds presentation forms), trimmed of
    spaces and separating punctuation. Pashto's "د X زوی" (X's son) puts
    the marker after the father and is not split.
    """
    parts: dict[str, str] = {"given": "", "father": "", "grandfather": "", "spouse": ""}
    role = "given"
    for relation, part in _lineage_parts(text):
        if relation is None:
            parts["given"] = part
            continue
        if not part:
            continue
        role = _NEXT_ROLE.get((role, relation), "beyond")
        if role in parts:
            parts[role] = part
    return Lineage(**parts)


# Connectors that write a lineage back, by the person's sex ("m", "f", or
# "" for not known): a woman is a daughter or wife of, never a son of. A
# father is a son of the grandfather whatever the person's sex.
LATIN_CHILD_OF = {"m": "s/o", "f": "d/o", "": "child of"}
LATIN_SPOUSE_OF = {"m": "husband of", "f": "w/o", "": "spouse of"}
ARABIC_CHILD_OF = {"m": "ولد", "f": "بنت", "": "فرزند"}
ARABIC_SPOUSE_OF = "همسر"


def join_lineage(lineage: Lineage, *, sex: str = "") -> str:
    """Write a lineage as one name: "Fatima d/o Gul Ahmad s/o Karim".

    The connectors follow the person's sex (``LATIN_CHILD_OF``) and the
    script the given name is written in: a name written in Dari keeps a
    Dari connector (ولد، بنت، همسر). Empty parts are left out; a
    grandfather without a father is left out too, as nothing links him.
    ``split_lineage`` reads the result back into the same parts.
    """
    written = lineage.given or lineage.father or lineage.spouse
    arabic = any(ARABIC_LETTER.match(char) for char in written)
    key = sex if sex in ("m", "f") else ""
    child = ARABIC_CHILD_OF[key] if arabic else LATIN_CHILD_OF[key]
    son = ARABIC_CHILD_OF["m"] if arabic else LATIN_CHILD_OF["m"]
    spouse = ARABIC_SPOUSE_OF if arabic else LATIN_SPOUSE_OF[key]
    parts = [lineage.given]
    if lineage.father:
        parts += [child, lineage.father]
        if lineage.grandfather:
            parts += [son, lineage.grandfather]
    if lineage.spouse:
        parts += [spouse, lineage.spouse]
    return " ".join(part for part in parts if part)


def name_similarity(a: PersonName, b: PersonName) -> float:
    """Return how alike two names are, from 0 to 1, for a reviewer.

    When both are in one script (both Latin or both Arabic) the folded
    forms are compared, word order aside (rapidfuzz ``token_sort_ratio``).
    Otherwise only the consonant skeletons can be compared: the better of
    the whole skeletons (``ratio``) and the token skeletons word order
    aside, so a compound split on one side and joined on the other still
    scores. Skeletons drop vowels, so a cross-script 1.0 is weaker
    evidence than a same-script 1.0. A name with no tokens, or no
    consonants to compare across scripts, scores 0.
    """
    if not a.tokens or not b.tokens:
        return 0.0
    if a.script == b.script and a.script in ("latin", "arabic"):
        return fuzz.token_sort_ratio(a.folded, b.folded) / 100.0
    if not a.skeleton or not b.skeleton:
        return 0.0
    whole = fuzz.ratio(a.skeleton, b.skeleton)
    words = fuzz.token_sort_ratio(
        " ".join(a.token_skeletons), " ".join(b.token_skeletons)
    )
    return max(whole, words) / 100.0


# ---------------------------------------------------------------------------
# Lineage


_Word = tuple[Script, str]

_SLASH_MARKER = re.compile(
    r"(?<![^\W\d_])([sdw])\s*[/\\.]\s*o(?![^\W\d_])\.?", re.IGNORECASE
)

# Which part a marker names, from the part before it.
_NEXT_ROLE: dict[tuple[str, Relation], str] = {
    ("given", "child"): "father",
    ("father", "child"): "grandfather",
    ("given", "spouse"): "spouse",
    # "Fatima d/o Karim w/o Gul": a woman's husband follows her father.
    ("father", "spouse"): "spouse",
}

# Spaces and the punctuation that separates a name from a marker.
_PART_EDGES = re.compile(r"^[\s,;:()\[\]{}|/\\،؛\-–—]+|[\s,;:()\[\]{}|/\\،؛\-–—]+$")


def _lineage_parts(text: str) -> list[tuple[Relation | None, str]]:
    """Split text at lineage markers: the name, then each marked part."""
    text = unicodedata.normalize("NFKC", text)
    marks: list[tuple[int, int, Relation]] = [
        (match.start(), match.end(), SLASH_MARKERS[match.group(1).lower()])
        for match in _SLASH_MARKER.finditer(text)
    ]
    chunks = [
        chunk
        for chunk in _chunks(text)
        if not any(start < chunk[2] and chunk[1] < end for start, end, _ in marks)
    ]
    i = 0
    while i < len(chunks):
        script, start, end = chunks[i]
        relation = _lineage_relation(script, text[start:end])
        i += 1
        if relation is None:
            continue
        while i < len(chunks) and _is_lineage_link(chunks[i], text):
            end = chunks[i][2]
            i += 1
        marks.append((start, end, relation))
    parts: list[tuple[Relation | None, str]] = []
    position, relation_before = 0, None
    for start, end, relation in sorted(marks):
        parts.append((relation_before, _trim(text[position:start])))
        position, relation_before = end, relation
    parts.append((relation_before, _trim(text[position:])))
    return parts


def _lineage_relation(script: Script, chunk: str) -> Relation | None:
    words = _chunk_words(script, chunk)
    if len(words) != 1:
        return None
    table = _ARABIC_LINEAGE if script == "arabic" else _LATIN_LINEAGE
    return table.get(words[0])


def _is_lineage_link(chunk: tuple[Script, int, int], text: str) -> bool:
    script, start, end = chunk
    words = _chunk_words(script, text[start:end])
    return script == "latin" and len(words) == 1 and words[0] in _LATIN_LINKS


def _trim(part: str) -> str:
    return _PART_EDGES.sub("", part)


# ---------------------------------------------------------------------------
# Words


def _chunks(text: str) -> Iterator[tuple[Script, int, int]]:
    """Yield (script, start, end) of each run of one script's word letters.

    Combining marks continue any run; zero-width joiners continue an
    Arabic-script run ("گل‌احمد" is one) and apostrophes a Latin one
    ("Sa'id" is one). Anything else that is not a letter of the run's
    script ends it, so a Latin run always folds to exactly one word.
    """
    run: tuple[Script, int] | None = None
    for i, char in enumerate(text):
        kind = _char_kind(char)
        if run is not None and kind in _CONTINUES_RUN[run[0]]:
            continue
        if run is not None and kind != run[0]:
            yield run[0], run[1], i
            run = None
        if run is None and kind in ("arabic", "latin"):
            run = ("arabic" if kind == "arabic" else "latin", i)
    if run is not None:
        yield run[0], run[1], len(text)


@functools.lru_cache(maxsize=4096)
def _char_kind(char: str) -> _CharKind:
    category = unicodedata.category(char)
    if ARABIC_LETTER.match(char):
        return "arabic" if category[0] in "LM" else "other"
    if category == "Mn":
        return "mark"
    if char in _JOINERS:
        return "joiner"
    if char in _APOSTROPHES:
        return "apostrophe"
    folded = fold_latin(char)
    return "latin" if folded.isascii() and folded.isalpha() else "other"


def _chunk_words(script: Script, chunk: str) -> list[str]:
    if script == "arabic":
        normal = normalise_arabic(chunk)
        normal = "".join(ARABIC_NAME_FOLDS.get(char, char) for char in normal)
        # A hamza with marks on it leaves only the marks: no word.
        return [word for word in normal.split() if any(c.isalpha() for c in word)]
    return [
        _fold_person_latin(word) for word in re.findall("[a-z]+", fold_latin(chunk))
    ]


def _words(part: str) -> list[_Word]:
    return [
        (script, word)
        for script, start, end in _chunks(part)
        for word in _chunk_words(script, part[start:end])
    ]


def _unglued(words: list[_Word]) -> list[_Word]:
    """Take glued lead words off the names after them (``LATIN_GLUED_LEADS``).

    A lead followed by the article ("Mohammadulhaq", as a folded name
    writes Mohammad-ul-Haq) is one compound and stays whole.
    """
    apart: list[_Word] = []
    for script, word in words:
        rest = word
        while (lead := _glued_lead(rest, _glued_leads(script))) is not None:
            apart.append((script, lead))
            rest = rest[len(lead) :]
        apart.append((script, rest))
    return apart


def _reads_whole(script: Script, word: str) -> bool:
    """Whether the word, read again from a folded name, is one token again.

    Reading takes glued leads off before compounds are joined, so a joined
    word is whole only if its parts join back into it.
    """
    folded = _canonical_latin(word) if script == "latin" else word
    parts = _unglued([(script, folded)])
    return len(parts) == 1 or _join(parts, keep_whole=False) == [(script, folded)]


def _glued_leads(script: Script) -> list[str]:
    return _ARABIC_GLUED_LEADS if script == "arabic" else _LATIN_GLUED_LEADS


def _glued_lead(word: str, leads: list[str]) -> str | None:
    for lead in leads:
        rest = word[len(lead) :]
        if (
            word.startswith(lead)
            and len(rest) >= GLUED_REST_LENGTH
            and not rest.startswith("ul")
            # "Syedbin" is no Syed before a name: bin alone would be a
            # lineage word, and the folded name would lose it.
            and rest not in _LATIN_LINEAGE
            and rest not in _ARABIC_LINEAGE
        ):
            return lead
    return None


def _fold_person_latin(word: str) -> str:
    word = "".join(LATIN_VOWEL_FOLDS.get(char, char) for char in word)
    return _DOUBLED.sub(r"\1", word)


# Latin th and dh for ث and ذ (see ``_token_skeleton``).
_LATIN_TH = re.compile(r"th(?!ul|$)")
_LATIN_DH = re.compile(r"dh")

# "sh" doubles as a pair when the article assimilates (Abdush-Shakur).
_DOUBLED = re.compile(r"(sh|[a-z])\1+")

_CharKind = Literal["arabic", "latin", "mark", "joiner", "apostrophe", "other"]

# Characters that continue a word without being letters of it.
_CONTINUES_RUN: dict[Script, frozenset[_CharKind]] = {
    "arabic": frozenset({"mark", "joiner"}),
    "latin": frozenset({"mark", "apostrophe"}),
}
_JOINERS = frozenset({"\u200c", "\u200d"})
_APOSTROPHES = frozenset(
    char for char, folded in LATIN_LETTER_FOLDS.items() if folded == ""
)


# ---------------------------------------------------------------------------
# Noise: ezafe, titles, single letters


def _without_noise(
    segments: list[list[_Word]], *, keep_letters: bool = False
) -> list[list[_Word]]:
    segments = [[word for word in words if not _is_ezafe(word)] for words in segments]
    # A title with only a word of address after it is the name ("Sayed
    # Agha", "Mullah Jan"), and keeps the title.
    kept = [
        words if _is_title_and_address(words) else _without_titles(words)
        for words in segments
    ]
    # A name that is only titles ("Haji", "Mullah Sahib") keeps the titles.
    if not any(kept):
        kept = [[word for word in words if _is_title(word)] for words in segments]
    return kept if keep_letters else _without_letters(kept)


def _without_letters(segments: list[list[_Word]]) -> list[list[_Word]]:
    """Single letters (initials) dropped, unless the name is only initials."""
    letters = [[word for word in words if len(word[1]) > 1] for words in segments]
    return letters if any(letters) else segments


def _is_title_and_address(words: list[_Word]) -> bool:
    titles = [word for word in words if _is_title(word)]
    rest = [word for word in words if not _is_title(word)]
    return bool(titles) and bool(rest) and all(_is_address(word) for word in rest)


def _is_address(word: _Word) -> bool:
    script, text = word
    return text in (_ARABIC_ADDRESS if script == "arabic" else _LATIN_ADDRESS)


def _abbreviations(words: list[_Word]) -> tuple[str, str]:
    """``PersonName.abbreviated`` and ``initials`` of a name's words."""
    latin = [text for script, text in words if script == "latin"]
    if len(latin) < 2 or len(latin) != len(words):
        return "", ""
    last = _token_skeleton("latin", latin[-1])
    if len(latin[-1]) < 2 or not last:
        return "", ""
    abbreviated = "".join(word[0] for word in latin[:-1]) + "|" + last
    has_initials = any(len(word) == 1 for word in latin[:-1])
    return abbreviated, abbreviated if has_initials else ""


def _is_ezafe(word: _Word) -> bool:
    return word[0] == "latin" and word[1] in _LATIN_EZAFE


def _is_title(word: _Word) -> bool:
    script, text = word
    return text in (_ARABIC_TITLES if script == "arabic" else _LATIN_TITLES)


def _without_titles(words: list[_Word]) -> list[_Word]:
    kept: list[_Word] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        # "Al-Haj": an article before a title goes with it.
        is_title_article = (
            word[0] == "latin"
            and word[1] in _LATIN_ARTICLES
            and following is not None
            and _is_title(following)
        )
        if not (_is_title(word) or is_title_article):
            kept.append(word)
    return kept


# ---------------------------------------------------------------------------
# Compounds and Latin spellings


def _join(words: list[_Word], *, keep_whole: bool = True) -> list[_Word]:
    """Join compound words within one segment, then fix Latin spellings.

    With ``keep_whole``, words are only joined into a compound that reads
    as one token again (``_reads_whole``).
    """
    tokens: list[_Word] = []
    glue = False  # whether the last token waits for the next word
    article_last = False  # whether the last word was a standalone article
    for script, written in words:
        same_script = bool(tokens) and tokens[-1][0] == script
        leading = not tokens and script == "latin"
        word = _without_leading_article(script, written) if leading else written
        if not word:
            continue  # "Al-Hassan": the article before a name
        after_article = article_last
        article_last = script == "latin" and word in _LATIN_ARTICLES
        if article_last:
            if after_article:
                continue  # "ur ur": one article, as the second reading has it
            if same_script:
                tokens[-1] = (script, tokens[-1][1] + "ul")
            else:
                tokens.append((script, "ul"))
            glue = True
            continue
        if same_script and (glue or _joins_backward(script, word)):
            tokens[-1:] = _joined_onto(
                tokens[-1], word, after_article=after_article, keep_whole=keep_whole
            )
        else:
            tokens.append((script, word))
        glue = word in (
            ARABIC_JOINS_FORWARD if script == "arabic" else _LATIN_JOINS_FORWARD
        )
    # An article with no name after it ("Syeda ul") joins nothing: kept, it
    # would glue to the word before and read differently the second time.
    if article_last and tokens and tokens[-1][0] == "latin":
        last = tokens[-1][1][: -len("ul")]
        tokens[-1:] = [("latin", last)] if last else []
    # Arabic script glues the article to the name: it is taken off the
    # first token once compounds are joined, so a name read again from its
    # folded form gives the same tokens.
    if tokens and tokens[0][0] == "arabic":
        tokens[0] = ("arabic", _without_leading_article("arabic", tokens[0][1]))
    return [
        (script, _canonical_latin(token) if script == "latin" else token)
        for script, token in tokens
    ]


def _joined_onto(
    last: _Word, word: str, *, after_article: bool, keep_whole: bool
) -> list[_Word]:
    """The last token with the word joined on, or the two apart.

    Apart where joined they would not read as one token again: "Mohammadi
    ul Haq" glued whole reads again as Mohammad and "iulhaq", so the words
    stay apart and the article that would have joined them goes.
    """
    script, stem = last
    joined = stem + word
    if not keep_whole or _reads_whole(script, joined):
        return [(script, joined)]
    if after_article and stem.endswith("ul"):
        stem = stem[: -len("ul")]
    return [(script, stem), (script, word)] if stem else [(script, word)]


def _without_leading_article(script: Script, word: str) -> str:
    """The first word of a name without an article; "" if it is one."""
    if script == "latin":
        return "" if word in _LATIN_ARTICLES else word
    # Marks left on the article's lam go with it.
    rest = word[len(ARABIC_ARTICLE) :]
    while rest and unicodedata.category(rest[0]).startswith("M"):
        rest = rest[1:]
    if (
        word.startswith(ARABIC_ARTICLE)
        and sum(char.isalpha() for char in rest) >= MIN_AFTER_ARTICLE
        and word not in _ARABIC_NAMES_BEGINNING_AL
        and not word.startswith(_ARABIC_ALLAH)
    ):
        # Once read, the rest is read again: keys must not change then.
        return _without_leading_article(script, rest)
    return word


def _joins_backward(script: Script, word: str) -> bool:
    if script == "arabic":
        return word in _ARABIC_ARTICLE_WORDS
    split = _article_element(word)
    return split is not None and split[0] == ""


def _article_element(word: str) -> tuple[str, str] | None:
    """Split a folded Latin word into stem and the name after an article.

    "hikmatulah" gives ("hikmat", "lah"), "udin" gives ("", "din"); the
    article is a vowel and an l that may be missing before a sun letter.
    """
    for spelling, element in _LATIN_ELEMENT_SPELLINGS:
        if not word.endswith(spelling):
            continue
        before = word[: -len(spelling)]
        if len(before) >= 2 and before[-1] == "l" and before[-2] in _VOWELS:
            stem, vowel, has_lam = before[:-2], before[-2], True
        elif before and before[-1] in _VOWELS:
            stem, vowel, has_lam = before[:-1], before[-1], False
        else:
            continue
        if not has_lam and not element.startswith(SUN_LETTERS):
            continue
        # "Ulla" is Allah; "Malala" is not.
        if spelling == _ALLAH_SHORT and vowel != "u":
            continue
        if len(stem) != 1:
            return stem, element
    return None


def _abd_element(word: str) -> str | None:
    """Return the name after Abd al- in a folded word, if it is one."""
    if not word.startswith("abd"):
        return None
    rest = word[3:]
    if rest[:1] in _VOWELS:
        rest = rest[2:] if rest[1:2] == "l" else rest[1:]
    # "Abdali" leaves one letter: a name of its own, not Abd al-i.
    return rest if len(rest) >= 2 else None


def _canonical_latin(word: str) -> str:
    """Return the one spelling of a folded Latin token.

    Applied until nothing changes, because one rule can expose another
    (Abd + la is read as Abd al-, giving Abdula, which is Abd + ullah).
    """
    for _ in range(_CANONICAL_ROUNDS):
        canonical = _canonical_latin_once(word)
        if canonical == word:
            break
        word = canonical
    return word


def _canonical_latin_once(word: str) -> str:
    word = _LATIN_VARIANTS.get(word, word)
    split = _article_element(word)
    if split is not None:
        stem, element = split
        word = _LATIN_VARIANTS.get(stem, stem) + "ul" + element
    after_abd = _abd_element(word)
    if after_abd is not None:
        word = "abdul" + _LATIN_VARIANTS.get(after_abd, after_abd)
    elif word in _LATIN_ABD:
        word = "abdul"
    elif word.startswith("gul") and len(word) >= _GUL_COMPOUND_LENGTH:
        word = "gul" + _LATIN_VARIANTS.get(word[3:], word[3:])
    return _fold_person_latin(word)


# ---------------------------------------------------------------------------
# Skeletons


def _token_skeleton(script: Script, token: str) -> str:
    """Return a token's consonant skeleton, with three person-name changes.

    Latin th and dh write ث and ذ the Arabic way (Uthman, Thabit; Dhabih),
    which Dari reads s and z (Usman, Sabit; Zabih): they take the classes
    of s and z. A th before the article or at the end of a word is t and h
    (Fath-ullah, فتح‌الله), and stays.

    Inside a name, و (w, v) is left out: Arabic script cannot tell the
    consonant (Anwar انور, Sarwar سرور, Javed جاوید) from the vowel (Nur
    نور, Daud داود), while romanisations write both. At the start it stays,
    so Wali and Ali differ. And a final h is left out: Latin loses a final
    h after a vowel as a silent heh (Fatemah = فاطمه), so a written ح
    (Saleh صالح, Fateh فتح) must go on both sides.
    """
    if script == "latin":
        token = _LATIN_DH.sub("z", _LATIN_TH.sub("s", token))
        skeleton = latin_skeleton(token[:1] + token[1:].replace("w", "-"))
    else:
        skeleton = arabic_skeleton(token[:1] + token[1:].replace("و", "-"))
    skeleton = merge_repeats(skeleton)
    return skeleton[:-1] if len(skeleton) > 1 and skeleton.endswith("h") else skeleton


def _vowel_key(script: Script, token: str) -> str:
    """The key of a token without consonants: its semivowels, or its letters.

    y and ی count as "y", w (v) and و as "v" ("Aya" and آیه give "y");
    a name with neither keys by its folded letters after "_".
    """
    if script == "latin":
        semivowels = "".join({"y": "y", "w": "v"}.get(char, "") for char in token)
    else:
        letters = token[:-1] if len(token) > 1 and token.endswith("ه") else token
        semivowels = "".join(
            {"ی": "y", "ې": "y", "ۍ": "y", "و": "v"}.get(char, "") for char in letters
        )
    return merge_repeats(semivowels) or "_" + token


def _name_script(scripts: set[Script]) -> NameScript:
    if not scripts:
        return "empty"
    if len(scripts) > 1:
        return "mixed"
    return "arabic" if "arabic" in scripts else "latin"


# ---------------------------------------------------------------------------
# The tables in the form words take once read: Latin keys folded like
# every Latin word, Arabic keys normalised like every Arabic word.


def _latin_key(spelling: str) -> str:
    return _fold_person_latin(fold_latin(spelling))


def _arabic_key(spelling: str) -> str:
    return _chunk_words("arabic", spelling)[0]


_VOWELS = frozenset("aiu")
_GUL_COMPOUND_LENGTH = 6  # gul and a name of three letters or more
_ALLAH_SHORT = "la"
# Rules settle a word in two or three rounds; the bound guards the loop.
_CANONICAL_ROUNDS = 8

_LATIN_LINEAGE = {_latin_key(k): v for k, v in LATIN_LINEAGE_WORDS.items()}
_ARABIC_LINEAGE = {_arabic_key(k): v for k, v in ARABIC_LINEAGE_WORDS.items()}
_LATIN_LINKS = frozenset(_latin_key(word) for word in LATIN_LINEAGE_LINKS)
_LATIN_EZAFE = frozenset(_latin_key(word) for word in LATIN_EZAFE)
_LATIN_TITLES = frozenset(_latin_key(word) for word in LATIN_TITLES)
_ARABIC_TITLES = frozenset(_arabic_key(word) for word in ARABIC_TITLES)
_LATIN_ABD = frozenset(_latin_key(word) for word in LATIN_ABD_SPELLINGS)
_LATIN_JOINS_FORWARD = frozenset(_latin_key(word) for word in LATIN_JOINS_FORWARD)
# Longest first, so that "sayyid" is taken off before "sayid" could be.
_LATIN_GLUED_LEADS = sorted(
    {_latin_key(word) for word in LATIN_GLUED_LEADS}, key=lambda lead: -len(lead)
)
_ARABIC_GLUED_LEADS = sorted(
    {_arabic_key(word) for word in ARABIC_GLUED_LEADS}, key=lambda lead: -len(lead)
)
_LATIN_ARTICLES = frozenset(_latin_key(word) for word in LATIN_ARTICLES)
_LATIN_ADDRESS = frozenset(_latin_key(word) for word in LATIN_ADDRESS_WORDS)
_ARABIC_ADDRESS = frozenset(_arabic_key(word) for word in ARABIC_ADDRESS_WORDS)
_ARABIC_NAMES_BEGINNING_AL = frozenset(
    _arabic_key(word) for word in ARABIC_NAMES_BEGINNING_AL
)
_ARABIC_ALLAH = _arabic_key("الله")
_ARABIC_ARTICLE_WORDS = frozenset(_arabic_key(arabic) for arabic, _ in ARTICLE_ELEMENTS)
_LATIN_ELEMENT_SPELLINGS = sorted(
    {
        (_latin_key(spelling), _latin_key(spellings[0]))
        for _, spellings in ARTICLE_ELEMENTS
        for spelling in spellings
    },
    key=lambda pair: (-len(pair[0]), pair),
)
_LATIN_VARIANTS = {
    _latin_key(spelling): _latin_key(canonical)
    for spelling, canonical in LATIN_NAME_VARIANTS.items()
}
