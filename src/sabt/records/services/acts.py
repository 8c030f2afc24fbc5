"""Recording acts: one violation within an incident."""

from __future__ import annotations

from typing import Any

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
    clean_code,
    clean_range,
    clean_text,
    new_record_id,
)
from sabt.records.models import Act, Incident, Person
from sabt.records.vocabularies import act_types


def record_act(
    *,
    actor: Actor,
    incident: str,
    act_type: str,
    victim: str = "",
    victim_group: str = "",
    victim_count: tuple[Any, Any] = (None, None),
    victims_are_children: bool = False,
    perpetrator: str = "",
    legal_characterisation: str | None = None,
    notes: str = "",
    record: str | None = None,
) -> Act:
    """Record what was done, to whom (a person or a group with a count), by whom.

    The legal characterisation defaults to the Rome Statute articles the act
    type suggests. Raises ValidationError naming each bad field.
    """
    if found := existing(Act, record):
        return found
    errors: Errors = {}
    found_incident = require_row(errors, "incident", Incident, incident)
    case = found_incident.case if found_incident else DEFAULT_CASE
    body = act_body(
        errors, incident=incident, act_type=act_type, victim=victim,
        victim_group=victim_group, victim_count=victim_count,
        victims_are_children=victims_are_children, perpetrator=perpetrator,
        legal_characterisation=legal_characterisation, notes=notes,
    )  # fmt: skip
    body["case"] = case
    if victim:
        person = require_row(errors, "victim", Person, victim)
        require_same_case(errors, "victim", case, person)
    raise_if(errors)
    record_id = record_by(actor, "act.recorded", new_record_id(record), body).record
    return Act.objects.get(pk=record_id)


def act_body(
    errors: Errors,
    *,
    incident: str,
    act_type: str,
    victim: str,
    victim_group: str,
    victim_count: tuple[Any, Any],
    victims_are_children: bool,
    perpetrator: str,
    legal_characterisation: str | None,
    notes: str,
) -> dict[str, Any]:
    """The cleaned body of an ``act.recorded`` event, but for its case: the
    office and the field kit build it alike. The legal characterisation
    defaults to the Rome Statute articles the act type suggests."""
    code = clean_code(errors, "act_type", act_type, act_types())
    term = act_types().get(code)
    suggested = term.extra.get("rome_statute", "") if term else ""
    return {
        "incident": incident,
        "act_type": code,
        "victim": victim or None,
        "victim_group": clean_text(
            errors, "victim_group", victim_group, max_length=200
        ),
        "victim_count": clean_range(errors, "victim_count", *victim_count),
        "victims_are_children": bool(victims_are_children),
        "perpetrator": clean_text(errors, "perpetrator", perpetrator, max_length=200),
        "legal_characterisation": clean_text(
            errors,
            "legal_characterisation",
            suggested if legal_characterisation is None else legal_characterisation,
            max_length=100,
        ),
        "notes": clean_text(errors, "notes", notes, max_length=20_000),
    }
