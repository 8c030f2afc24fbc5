"""Resolving a place name as written in a document to a gazetteer place.

A name is compared with every name of every place, in both scripts, on
three keys (``names.NameKeys``): the folded spelling, the spelling without
a generic word ("Deh-e"), and the consonant skeleton, which is what lets
Latin and Arabic script meet. A district given as context ranks places in
it first. The name is "resolved" only when one place is both close enough
and clearly ahead of the next; otherwise the ranked candidates are
returned for a person to choose from, and nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from sabt.gazetteer.districts import district_named, district_spelled, names_province
from sabt.gazetteer.models import Place
from sabt.gazetteer.place_names import (
    ARABIC_GENERIC_WORDS,
    LATIN_GENERIC_FORMS,
    NameKeys,
    name_keys,
)

# The best score must reach this to resolve: 0.85 admits one slip in six
# letters (Darhel/Darkhel 0.92, Umarz/Vumarz 0.91, Parion/Parian 0.83 is
# below it but their consonants agree) and nothing looser.
RESOLVE_THRESHOLD = 0.85

# ... and lead the second-best distinct place by this much, so two equally
# good places (the two Dashtaks) are never settled by a coin toss.
RESOLVE_MARGIN = 0.05

# A match short of exact resolves only a query of at least this many
# letters (after a generic word): in a three-letter name one letter more or
# less makes another word (دره "valley", گدره Gudarah; Ruh, Rukh).
MIN_FUZZY_LETTERS = {"latin": 4, "arabic": 4}

# Candidates scoring below this are noise, not worth a person's time.
CANDIDATE_THRESHOLD = 0.65

# How many candidates an unresolved name lists.
CANDIDATE_LIMIT = 5

# Consonants alone never prove identity (vowels and the letter order inside
# a class are lost): a skeleton match counts at most this much ...
SKELETON_WEIGHT = 0.9

# ... and a query of only two consonants (Anob: n-b), which many names
# share, counts only when both agree exactly, and then this much. One
# consonant says nothing and is not compared.
SHORT_SKELETON_WEIGHT = 0.75
SHORT_SKELETON_LENGTH = 2

# When the query names a generic word ("Deh-e Parian") a place matching only
# once generic words are dropped ("Qal'ah-ye Parian") counts this much, so
# the place with the same generic word ranks first.
GENERIC_WORD_WEIGHT = 0.92

# A place outside the district given as context keeps this share of its
# score: demoted, not excluded, because the documenter's district may follow
# other boundaries (Abshar district is newer than the 2014 outlines).
OUTSIDE_DISTRICT_WEIGHT = 0.8

Basis = Literal["key", "spelling", "consonants"]
Relation = Literal["none", "inside", "outside"]


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean, with how well it matches and why."""

    key: str
    name: str
    district: str
    score: float
    why: str


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to: one place, a district, or the candidates.

    ``district`` is the resolved place's district, or the district the name
    itself is ("Dara", "دره"); a district alone is status "district".
    """

    query: str
    status: Literal["resolved", "district", "unresolved"]
    place: Place | None
    candidates: list[Candidate]
    district: str = ""


@dataclass(frozen=True)
class _Match:
    place: Place
    score: float
    basis: Basis
    spelling: str
    relation: Relation


def resolve(name: str, *, district: str = "") -> Resolution:
    """Resolve a place name, in Latin or Arabic script, to a place.

    ``district`` (any spelling: "Rukha", "Rokha", "رخه") ranks places in that
    district above the others; a district no outline bears demotes them all.
    Returns "resolved" with the place only when its score reaches
    RESOLVE_THRESHOLD and leads the next place by RESOLVE_MARGIN. A name
    spelled as a district's is that district (status "district"; villages
    spelled alike stay candidates). Only an exact spelling resolves a name
    of the province, a generic word alone ("دره", "valley"), a name sounding
    like a district, or a name shorter than MIN_FUZZY_LETTERS.
    """
    query = " ".join(name.split())
    named = district_named(district) if district.strip() else None
    context = named.name if named else district.strip()
    if not query:
        return Resolution(query=query, status="unresolved", place=None, candidates=[])
    by_key = Place.objects.filter(key=query).first()
    if by_key is not None:
        match = _Match(by_key, 1.0, "key", query, "none")
        return Resolution(
            query=query,
            status="resolved",
            place=by_key,
            candidates=[_candidate(match, context)],
            district=by_key.district,
        )
    matches = _ranked(query, context)
    candidates = [_candidate(m, context) for m in matches[:CANDIDATE_LIMIT]]
    spelled = district_spelled(query)
    if spelled is not None:
        return Resolution(
            query=query,
            status="district",
            place=None,
            candidates=candidates,
            district=spelled.name,
        )
    if names_province(query) or not _is_clear(matches, _may_be_fuzzy(query)):
        return Resolution(
            query=query, status="unresolved", place=None, candidates=candidates
        )
    place = matches[0].place
    return Resolution(
        query=query,
        status="resolved",
        place=place,
        candidates=candidates,
        district=place.district,
    )


def _ranked(query: str, context: str) -> list[_Match]:
    """Score every place; ``context`` is a district name, or "" for none."""
    wanted = name_keys(query)
    matches = []
    for place in Place.objects.all():
        score, basis, spelling = _best_name(wanted, place)
        relation: Relation = "none"
        if context:
            relation = "inside" if place.district == context else "outside"
        if relation == "outside":
            score *= OUTSIDE_DISTRICT_WEIGHT
        if score >= CANDIDATE_THRESHOLD:
            matches.append(_Match(place, round(score, 3), basis, spelling, relation))
    return sorted(matches, key=lambda m: (-m.score, m.place.name, m.place.key))


def _is_clear(matches: list[_Match], may_be_fuzzy: bool) -> bool:
    threshold = RESOLVE_THRESHOLD if may_be_fuzzy else 1.0
    if not matches or matches[0].score < threshold:
        return False
    return len(matches) == 1 or matches[0].score - matches[1].score >= RESOLVE_MARGIN


def _may_be_fuzzy(query: str) -> bool:
    """Whether a match short of exact may settle this name (see resolve)."""
    keys = name_keys(query)
    if keys.core in ARABIC_GENERIC_WORDS | LATIN_GENERIC_FORMS:
        return False
    if district_named(query) is not None:
        return False
    letters = sum(char.isalpha() for char in keys.core)
    return letters >= MIN_FUZZY_LETTERS[keys.script]


def _best_name(wanted: NameKeys, place: Place) -> tuple[float, Basis, str]:
    """Return the place's best score for the query, its basis and spelling."""
    best: tuple[float, Basis, str] = (0.0, "spelling", "")
    for spelling in place.all_names():
        keys = name_keys(spelling)
        for score, basis in _scores(wanted, keys):
            if score > best[0]:
                best = (score, basis, spelling)
    return best


def _scores(wanted: NameKeys, keys: NameKeys) -> list[tuple[float, Basis]]:
    generic = GENERIC_WORD_WEIGHT if wanted.has_generic_word else 1.0
    scores: list[tuple[float, Basis]] = []
    # Spellings compare only within one script; across scripts only the
    # consonants can meet.
    if wanted.script == keys.script:
        scores.append((_similarity(wanted.full, keys.full), "spelling"))
        scores.append((_similarity(wanted.core, keys.core) * generic, "spelling"))
    length = len(wanted.skeleton)
    if length > SHORT_SKELETON_LENGTH:
        similarity = _similarity(wanted.skeleton, keys.skeleton)
        scores.append((similarity * SKELETON_WEIGHT * generic, "consonants"))
    elif length == SHORT_SKELETON_LENGTH and wanted.skeleton == keys.skeleton:
        scores.append((SHORT_SKELETON_WEIGHT * generic, "consonants"))
    return scores


def _similarity(a: str, b: str) -> float:
    """Return the normalised Indel similarity of two strings, 0..1."""
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


def _candidate(match: _Match, context: str) -> Candidate:
    return Candidate(
        key=match.place.key,
        name=match.place.name,
        district=match.place.district,
        score=match.score,
        why=_why(match, context),
    )


def _why(match: _Match, context: str) -> str:
    """Say in words what the score rests on (one whole sentence per case)."""
    if match.basis == "key":
        return _("its key")
    if match.basis == "spelling":
        messages = {
            "none": _("written like “%(spelling)s”"),
            "inside": _("written like “%(spelling)s”, in %(district)s district"),
            "outside": _(
                "written like “%(spelling)s”, but not in %(district)s district"
            ),
        }
    else:
        messages = {
            "none": _("consonants as in “%(spelling)s”"),
            "inside": _("consonants as in “%(spelling)s”, in %(district)s district"),
            "outside": _(
                "consonants as in “%(spelling)s”, but not in %(district)s district"
            ),
        }
    return messages[match.relation] % {
        "spelling": match.spelling,
        "district": context,
    }
