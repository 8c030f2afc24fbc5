"""Choice lists from the vocabularies and the gazetteer the web app reads."""

from __future__ import annotations

import re

from sabt.gazetteer.loading import read_places
from sabt.gazetteer.models import Place
from sabt.odk.forms.xlsform import Choice, Text
from sabt.records.vocabularies import (
    Vocabulary,
    act_types,
    date_precisions,
    event_types,
    source_kinds,
    sub_event_types,
)

OTHER_PLACE = "other"
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")


def vocabulary_choices(list_name: str, vocabulary: Vocabulary) -> list[Choice]:
    return [
        Choice(list_name, term.code, Text(term.label_en, term.label_fa))
        for term in vocabulary.terms
    ]


def acled_choices() -> list[Choice]:
    """ACLED event types and their sub-types, each sub-type filtered by its parent."""
    top = vocabulary_choices("event_type", event_types())
    subs = [
        Choice(
            "sub_event_type",
            term.code,
            Text(term.label_en, term.label_fa),
            {"parent": term.extra["parent"]},
        )
        for term in sub_event_types().terms
    ]
    return top + subs


def common_choices() -> list[Choice]:
    return [
        *acled_choices(),
        *vocabulary_choices("date_precision", date_precisions()),
        *vocabulary_choices("act_type", act_types()),
        *vocabulary_choices("source_kind", source_kinds()),
        Choice("sex", "female", Text("Female", "زن")),
        Choice("sex", "male", Text("Male", "مرد")),
        Choice("sex", "unknown", Text("Not known", "نامعلوم")),
        Choice("yes_no", "yes", Text("Yes", "بلی")),
        Choice("yes_no", "no", Text("No", "نخیر")),
    ]


def place_choice_name(key: str) -> str:
    """A gazetteer key as a choice name: ``geonames:123`` becomes ``geonames_123``."""
    return _NOT_NAME.sub("_", key)


def places() -> list[Place]:
    """The places the web app offers: the table, or the shipped file before loading."""
    rows = list(Place.objects.order_by("name", "key"))
    return rows or sorted(read_places(), key=lambda p: (p.name, p.key))


def place_choices() -> list[Choice]:
    """Every place, in Latin and Arabic script, then "other — type the name"."""
    choices = []
    for place in places():
        district = f" ({place.district})" if place.district else ""
        arabic = place.names_arabic[0] if place.names_arabic else place.name
        choices.append(
            Choice(
                "place",
                place_choice_name(place.key),
                Text(f"{place.name}{district}", f"{arabic}{district}"),
            )
        )
    choices.append(
        Choice(
            "place", OTHER_PLACE, Text("Other — type the name", "دیگر — نام را بنویسید")
        )
    )
    return choices


def place_keys() -> dict[str, str]:
    """Choice name -> gazetteer key, to read a submitted place back."""
    return {place_choice_name(p.key): p.key for p in places()}
