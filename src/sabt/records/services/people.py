"""Recording people and what is known of them over time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import (
    Actor,
    clean_case,
    existing,
    raise_if,
    record_by,
    require_row,
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_date,
    clean_range,
    clean_text,
    iso,
    new_record_id,
)
from sabt.gazetteer.models import Place
from sabt.records.models import Person, Source

SEXES = ("female", "male", "unknown")
PERSON_STATUSES = ("alive", "missing", "detained", "deceased", "unknown")


def record_person(
    *,
    actor: Actor,
    name: str,
    other_names: Sequence[str] = (),
    father_name: str = "",
    grandfather_name: str = "",
    sex: str = "unknown",
    age: tuple[Any, Any] = (None, None),
    birth_year: tuple[Any, Any] = (None, None),
    home_place: str = "",
    home_place_name: str = "",
    case: str = DEFAULT_CASE,
    record: str | None = None,
) -> Person:
    """Record a person with names exactly as written, in either script.

    Raises ValidationError naming each bad field.
    """
    if found := existing(Person, record):
        return found
    errors: Errors = {}
    body = person_body(
        errors, name=name, other_names=other_names, father_name=father_name,
        grandfather_name=grandfather_name, sex=sex, age=age, birth_year=birth_year,
        home_place_name=home_place_name,
    )  # fmt: skip
    body["home_place"] = home_place or None
    body["case"] = clean_case(errors, case)
    if home_place:
        require_row(errors, "home_place", Place, home_place)
    raise_if(errors)
    record_id = record_by(actor, "person.recorded", new_record_id(record), body).record
    return Person.objects.get(pk=record_id)


def person_body(
    errors: Errors,
    *,
    name: str,
    other_names: Sequence[str],
    father_name: str,
    grandfather_name: str,
    sex: str,
    age: tuple[Any, Any],
    birth_year: tuple[Any, Any],
    home_place_name: str,
) -> dict[str, Any]:
    """The cleaned body of a ``person.recorded`` event, but for its home
    place's key and its case: the office and the field kit build it alike."""
    if sex not in SEXES:
        add_error(errors, "sex", _("Unknown value %(value)s.") % {"value": sex})
    return {
        "name": clean_text(errors, "name", name, max_length=200, required=True),
        "other_names": [
            clean_text(errors, "other_names", n, max_length=200) for n in other_names
        ],
        "father_name": clean_text(errors, "father_name", father_name, max_length=200),
        "grandfather_name": clean_text(
            errors, "grandfather_name", grandfather_name, max_length=200
        ),
        "sex": sex,
        "age": clean_range(errors, "age", *age, limit=130),
        "birth_year": clean_range(errors, "birth_year", *birth_year, limit=2100),
        "home_place": None,
        "home_place_name": clean_text(
            errors, "home_place_name", home_place_name, max_length=200
        ),
    }


def record_person_status(
    *,
    actor: Actor,
    person: Person,
    status: str,
    as_of: datetime.date | str,
    source: str = "",
    note: str = "",
) -> Person:
    """Record what was known of a person at a date, and from which source.

    Raises ValidationError naming each bad field.
    """
    errors: Errors = {}
    if status not in PERSON_STATUSES:
        add_error(errors, "status", _("Unknown value %(value)s.") % {"value": status})
    body = {
        "status": status,
        "as_of": iso(clean_date(errors, "as_of", as_of, required=True)),
        "source": source or None,
        "note": clean_text(errors, "note", note, max_length=5000),
    }
    if source:
        require_row(errors, "source", Source, source)
    raise_if(errors)
    record_by(actor, "person.status_recorded", person.record, body)
    return Person.objects.get(pk=person.record)
