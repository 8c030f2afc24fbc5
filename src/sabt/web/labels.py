"""Words for the codes pages show that have no vocabulary file of their own.

Vocabulary codes (event types, act types, statuses, stances, source kinds,
date precisions) take their labels from ``records/vocabularies/*.csv``; the
codes below are fixed in the services and models, so their labels live here,
translated through gettext.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sabt.records.vocabularies import (
    Vocabulary,
    act_types,
    date_precisions,
    event_types,
    source_kinds,
    stances,
    sub_event_types,
    verification_statuses,
)

SEXES: dict[str, Promise] = {
    "female": _("female"),
    "male": _("male"),
    "unknown": _("sex unknown"),
}

PERSON_STATUSES: dict[str, Promise] = {
    "alive": _("alive"),
    "missing": _("missing"),
    "detained": _("detained"),
    "deceased": _("deceased"),
    "unknown": _("fate unknown"),
}

RELIABILITY: dict[str, Promise] = {
    "unknown": _("reliability not assessed"),
    "usually_reliable": _("usually reliable"),
    "fairly_reliable": _("fairly reliable"),
    "not_reliable": _("not reliable"),
}

LANGUAGES: dict[str, Promise] = {
    "en": _("English"),
    "fa": _("Dari"),
    "ps": _("Pashto"),
    "ar": _("Arabic"),
    "ur": _("Urdu"),
    "ru": _("Russian"),
    "other": _("another language"),
}

EVIDENCE_KINDS: dict[str, Promise] = {
    "video": _("video"),
    "photo": _("photo"),
    "document": _("document"),
    "web_page": _("web page"),
    "audio": _("audio recording"),
}

EVIDENCE_VERIFICATION: dict[str, Promise] = {
    "unverified": _("not yet verified"),
    "partly_verified": _("partly verified"),
    "verified": _("verified"),
    "inauthentic": _("found inauthentic"),
}

EVENT_TYPES: dict[str, Promise] = {
    "incident.reported": _("incident reported"),
    "incident.place_resolved": _("place settled in the gazetteer"),
    "incident.status_changed": _("verification status changed"),
    "odk.incident_revised": _("edited on the phone (ODK)"),
    "incident.conflict_resolved": _("versions settled"),
    "person.conflict_resolved": _("versions settled"),
    "person.recorded": _("person recorded"),
    "person.status_recorded": _("status of the person recorded"),
    "source.registered": _("source registered"),
    "statement.recorded": _("statement recorded"),
    "act.recorded": _("act recorded"),
    "place.added": _("place added"),
    "evidence.registered": _("evidence item registered"),
}

# The fields of a record as its events name them, for the versions panel.
FIELDS: dict[str, Promise] = {
    "title": _("Title"),
    "description": _("Description"),
    "event_type": _("Type of event"),
    "sub_event_type": _("Sub-type"),
    "date_from": _("From"),
    "date_to": _("To"),
    "date_precision": _("Date precision"),
    "perpetrator": _("Alleged perpetrator"),
    "killed": _("Killed"),
    "injured": _("Injured"),
    "detained": _("Detained"),
    "displaced": _("Displaced"),
    "places": _("Where"),
    "status": _("Status"),
    "name": _("Name"),
    "other_names": _("Other names and spellings"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "sex": _("Sex"),
    "age": _("Age"),
    "birth_year": _("Year of birth"),
    "home_place": _("Home, in the gazetteer"),
    "home_place_name": _("Home, as written"),
}

CONSENT_LEVELS: dict[str, Promise] = {
    "nobody": _("nobody"),
    "organisation": _("the organisation only"),
    "un_courts": _("UN mechanisms and courts"),
    "public": _("the public"),
}

# The steps of a possible match's review (tracing.projector), as its history lists them.
REVIEW_ACTIONS: dict[str, Promise] = {
    "found": _("found by the linkage"),
    "confirmed": _("confirmed: the same person"),
    "rejected": _("rejected: someone else"),
    "unsure": _("marked unsure"),
    "undone": _("decision undone"),
    "consent": _("consent recorded"),
    "notified": _("family told"),
}

FIXED: dict[str, dict[str, Promise]] = {
    "sex": SEXES,
    "person_status": PERSON_STATUSES,
    "reliability": RELIABILITY,
    "language": LANGUAGES,
    "evidence_kind": EVIDENCE_KINDS,
    "evidence_verification": EVIDENCE_VERIFICATION,
    "event": EVENT_TYPES,
    "field": FIELDS,
    "consent_level": CONSENT_LEVELS,
    "review_action": REVIEW_ACTIONS,
}


def vocabulary_named(name: str) -> Vocabulary:
    """The vocabulary a template names: ``event_type``, ``act_type``, ..."""
    loaders = {
        "event_type": event_types,
        "sub_event_type": sub_event_types,
        "act_type": act_types,
        "status": verification_statuses,
        "stance": stances,
        "source_kind": source_kinds,
        "date_precision": date_precisions,
    }
    return loaders[name]()


def label(code: str, kind: str) -> str:
    """The label of ``code`` in the active language; the code itself if unknown."""
    if kind in FIXED:
        return str(FIXED[kind].get(code, code))
    return vocabulary_named(kind).label(code)


def choices(kind: str) -> list[tuple[str, str]]:
    """``(code, label)`` pairs for a form, in the active language."""
    if kind in FIXED:
        return [(code, str(text)) for code, text in FIXED[kind].items()]
    return vocabulary_named(kind).choices()


def choices_of(kind: str, *, blank: bool = False) -> Callable[[], list[Any]]:
    """Choices a form field reads anew each time, so labels follow the language."""

    def read() -> list[Any]:
        return ([("", "—")] if blank else []) + choices(kind)

    return read


# Afghan Dari names the Gregorian months after their English names (سپتمبر),
# where Django's own Persian catalogue has the Iranian forms (سپتامبر). Listed
# here so that sabt's catalogue, which Django reads first, holds them.
GREGORIAN_MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
