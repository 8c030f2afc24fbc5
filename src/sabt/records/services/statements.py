"""Recording statements: a source's account and what it speaks of."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import (
    Actor,
    existing,
    raise_if,
    record_by,
    require_row,
    require_same_case,
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_code,
    clean_date,
    clean_text,
    iso,
    new_record_id,
)
from sabt.records.models import Act, Incident, Person, Source, Statement
from sabt.records.services.sources import register_source
from sabt.records.vocabularies import stances

LANGUAGES = ("en", "fa", "ps", "ar", "ur", "ru", "other")


def record_statement(
    *,
    actor: Actor,
    source: str,
    text: str,
    language: str,
    stance: str,
    translation: str = "",
    made_on: datetime.date | str | None = None,
    incidents: Sequence[str] = (),
    acts: Sequence[str] = (),
    persons: Sequence[str] = (),
    record: str | None = None,
) -> Statement:
    """Record a source's account in its own words, with its stance.

    An official denial is a statement like any other, with stance ``denies``.
    Raises ValidationError naming each bad field.
    """
    if found := existing(Statement, record):
        return found
    errors: Errors = {}
    found_source = require_row(errors, "source", Source, source)
    case = found_source.case if found_source else DEFAULT_CASE
    body: dict[str, Any] = {
        "source": source,
        "text": clean_text(errors, "text", text, max_length=100_000, required=True),
        "language": language,
        "translation": clean_text(
            errors, "translation", translation, max_length=100_000
        ),
        "stance": clean_code(errors, "stance", stance, stances()),
        "made_on": iso(clean_date(errors, "made_on", made_on)),
        "incidents": sorted(set(incidents)),
        "acts": sorted(set(acts)),
        "persons": sorted(set(persons)),
        "case": case,
    }
    if language not in LANGUAGES:
        add_error(
            errors, "language", _("Unknown language %(value)s.") % {"value": language}
        )
    for field, model in (("incidents", Incident), ("acts", Act), ("persons", Person)):
        for key in body[field]:
            row = require_row(errors, field, model, key)
            require_same_case(errors, field, case, row)
    raise_if(errors)
    record_id = record_by(
        actor, "statement.recorded", new_record_id(record), body
    ).record
    return Statement.objects.get(pk=record_id)


def record_statement_by_new_source(
    *,
    actor: Actor,
    new_source: Mapping[str, Any],
    text: str,
    language: str,
    stance: str,
    translation: str = "",
    made_on: datetime.date | str | None = None,
    incidents: Sequence[str] = (),
    acts: Sequence[str] = (),
    persons: Sequence[str] = (),
) -> Statement:
    """Register a source and record its first statement, both or neither.

    ``new_source`` holds ``register_source``'s arguments (``kind``,
    ``pseudonym``, ...). Raises ValidationError: errors about the source are
    named ``new_source_<field>``, the statement's as ``record_statement``
    names them; nothing is recorded then.
    """
    first = Incident.objects.filter(pk__in=incidents).first()
    arguments = {"case": first.case if first else DEFAULT_CASE, **new_source}
    with transaction.atomic():
        try:
            source = register_source(actor=actor, **arguments)
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"new_source_{field}": errors
                    for field, errors in exc.message_dict.items()
                }
            ) from exc
        return record_statement(
            actor=actor,
            source=source.record,
            text=text,
            language=language,
            stance=stance,
            translation=translation,
            made_on=made_on,
            incidents=incidents,
            acts=acts,
            persons=persons,
        )
