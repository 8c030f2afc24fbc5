"""Search keys, so that a search finds a place however it was spelled.

A letter wrote "Parion"; a documenter searches "Parian", "Paryan" or
"پریان". The words do not agree, but their keys do: the names module's
consonant skeleton (``prn`` for all four) and the gazetteer's key of the
place the spelling names (``geonames:1143420``). The projector writes the
keys of every place an incident names, resolved or not (the name as
written, the place it was settled on and its names, the candidate places
and theirs), into the incident's search text as words of their own; a
search asks for each word typed or for its keys.

A key word is letters and digits only, so both full-text engines (SQLite's
FTS5 and PostgreSQL's "simple" configuration) keep it whole, and it starts
with a tag no Dari or English word starts with, so it never meets a word
of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sabt.gazetteer.place_names import name_keys
from sabt.gazetteer.spellings import UNKNOWN_PREFIX, place_key

# Tags of the two kinds of key word: a gazetteer place, a name's skeleton.
PLACE_TAG = "qqplace"
SKELETON_TAG = "qqname"
# A skeleton of one consonant ("Deh" is "dh", "Ab" is "b") would match far
# too much; names shorter than this are found by their words alone.
SHORTEST_SKELETON = 2
_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def place_token(key: str) -> str:
    """The key word of a gazetteer place key ("geonames:1143420")."""
    return PLACE_TAG + _NOT_ALNUM.sub("", key.lower())


def skeleton_token(skeleton: str) -> str:
    """The key word of a consonant skeleton; its capitals (ش is "S") kept
    apart from small letters by a digit, since search engines fold case."""
    return SKELETON_TAG + "".join(
        f"9{c.lower()}" if c.isupper() else c for c in skeleton
    )


def name_tokens(name: str) -> set[str]:
    """The key words of a place name: of the whole name and of each word."""
    tokens: set[str] = set()
    for part in {name, *_WORD.findall(name)}:
        tokens |= _word_tokens(part)
    return tokens


def _word_tokens(text: str) -> set[str]:
    tokens = set()
    skeleton = name_keys(text).skeleton
    if len(skeleton) >= SHORTEST_SKELETON:
        tokens.add(skeleton_token(skeleton))
    key = place_key(text)
    if key and not key.startswith(UNKNOWN_PREFIX):
        tokens.add(place_token(key))
    return tokens


def place_tokens(
    name_as_given: str,
    place: tuple[str, Iterable[str]] | None,
    candidates: Iterable[dict[str, Any]],
) -> set[str]:
    """Every key word of one place of an incident.

    ``place`` is the settled place's key and names, None while unresolved;
    ``candidates`` are the rows the gazetteer offered (key and name each).
    """
    tokens = name_tokens(name_as_given)
    if place is not None:
        key, names = place
        tokens.add(place_token(key))
        for name in names:
            tokens |= name_tokens(name)
    for candidate in candidates:
        tokens.add(place_token(str(candidate.get("place", ""))))
        tokens |= name_tokens(str(candidate.get("name", "")))
    return tokens


@dataclass(frozen=True)
class SpellingQuery:
    """What a search asks: each word or one of its keys, or the whole text's
    place."""

    words: tuple[tuple[str, tuple[str, ...]], ...]
    whole_place: str = ""


def spelling_query(text: str) -> SpellingQuery:
    """The words of ``text``, each with its key words, and the key word of
    the place the whole text names ("Qal'ah-ye Parian"), if the gazetteer
    knows it."""
    words = _WORD.findall(text)
    expanded = tuple((word, tuple(sorted(_word_tokens(word)))) for word in words)
    whole = ""
    if len(words) > 1:
        key = place_key(text)
        if key and not key.startswith(UNKNOWN_PREFIX):
            whole = place_token(key)
    return SpellingQuery(words=expanded, whole_place=whole)


def unanimous_district(candidates: Iterable[dict[str, Any]]) -> str:
    """The district every candidate lies in, or "" if they differ or lack one.

    An unresolved name whose candidates all lie in one district is in that
    district whichever of them it turns out to be.
    """
    districts = {str(candidate.get("district") or "") for candidate in candidates}
    if len(districts) == 1:
        return districts.pop()
    return ""
