"""Turns incident, act, person, source and statement events into rows.

Sealed fields are copied as the event carries them, as tokens; nothing here
opens them. A ``subject.shredded`` event marks a source's identity destroyed.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models

from sabt.core.records import RecordBase
from sabt.gazetteer.models import Place
from sabt.ledger import Event
from sabt.ledger_store.projection import Handler, dispatch
from sabt.records.consent import unasked
from sabt.records.models import (
    Act,
    ConsentRecord,
    Incident,
    IncidentPlace,
    Person,
    PersonStatus,
    Source,
    Statement,
    StatusChange,
)
from sabt.records.search import index_incident, next_search_id
from sabt.records.spelling_search import place_tokens, unanimous_district
from sabt.records.versions import COUNTS

# The incident's own fields as ``incident.reported`` names them.
REPORTED_SCALARS = (
    "title",
    "description",
    "event_type",
    "sub_event_type",
    "date_from",
    "date_to",
    "date_precision",
    "perpetrator",
)
INCIDENT_SCALARS = (*REPORTED_SCALARS, "status")
PERSON_SCALARS = (
    "name",
    "other_names",
    "father_name",
    "grandfather_name",
    "sex",
    "home_place_name",
    "status",
)


def _incident_reported(event: Event) -> None:
    body = event.body
    counts = body["counts"]
    incident = Incident.objects.create(
        **RecordBase.fields_created_by(event),
        search_id=next_search_id(),
        **{name: body[name] for name in REPORTED_SCALARS},
        **{
            f"{name}_{end}": counts[name][i]
            for name in counts
            for i, end in enumerate(("min", "max"))
        },
    )
    add_places(incident, body["places"])
    reindex_incident(incident)


def _incident_place_resolved(event: Event) -> None:
    incident = Incident.objects.get(pk=event.record)
    place = Place.objects.get(pk=event.body["place"])
    IncidentPlace.objects.filter(
        incident=incident, position=event.body["position"]
    ).update(place=place, district=place.district)
    incident.advance(event)
    incident.save(update_fields=["heads", "updated_at"])
    reindex_incident(incident)


def _incident_status_changed(event: Event) -> None:
    incident = Incident.objects.get(pk=event.record)
    StatusChange.objects.create(
        event_id=event.id,
        incident=incident,
        from_status=event.body["from"],
        to_status=event.body["to"],
        reason=event.body["reason"],
        actor=event.body["actor"],
        at=event.at,
    )
    incident.status = event.body["to"]
    incident.advance(event)
    incident.save(update_fields=["status", "heads", "updated_at"])


def _incident_conflict_resolved(event: Event) -> None:
    """Set the incident to the version a person settled on, places and all."""
    values = event.body["values"]
    incident = Incident.objects.get(pk=event.record)
    for name in INCIDENT_SCALARS:
        setattr(incident, name, values[name])
    for name in COUNTS:
        low, high = values[name]
        setattr(incident, f"{name}_min", low)
        setattr(incident, f"{name}_max", high)
    incident.advance(event)
    incident.save()
    incident.refresh_from_db()
    incident.places.all().delete()
    add_places(incident, values["places"])
    reindex_incident(incident)


def add_places(incident: Incident, places: list[dict[str, Any]]) -> None:
    """The incident's places as an event names them, dated as the incident."""
    IncidentPlace.objects.bulk_create(
        IncidentPlace(
            key=f"{incident.record}/{position}",
            incident=incident,
            position=position,
            name_as_given=place["name"],
            place_id=place["place"],
            # An unresolved name is in the district all its candidates share.
            district=place["district"] or unanimous_district(place["candidates"]),
            candidates=place["candidates"],
            date_from=incident.date_from,
            date_end=incident.date_to or incident.date_from,
            case=incident.case,
        )
        for position, place in enumerate(places)
    )


def reindex_incident(incident: Incident) -> None:
    """Keep the text that full-text search reads in step with the incident:
    its words, the statements about it (text and translation), and the
    search keys of its places, so any spelling finds them."""
    names = []
    keys: set[str] = set()
    for row in incident.places.select_related("place"):
        names.append(row.name_as_given)
        settled = None
        if row.place is not None:
            names.extend([row.place.name, *row.place.names_arabic])
            settled = (row.place.key, row.place.all_names())
        keys |= place_tokens(row.name_as_given, settled, row.candidates)
    said = Statement.objects.filter(incidents=incident).order_by("record")
    statements = [
        part for pair in said.values_list("text", "translation") for part in pair
    ]
    parts = [
        incident.title,
        incident.description,
        incident.perpetrator,
        *names,
        *statements,
    ]
    incident.search_text = "\n".join([*(p for p in parts if p), " ".join(sorted(keys))])
    incident.save(update_fields=["search_text"])
    index_incident(incident)


def _act_recorded(event: Event) -> None:
    body = event.body
    Act.objects.create(
        **RecordBase.fields_created_by(event),
        incident_id=body["incident"],
        act_type=body["act_type"],
        victim_id=body["victim"],
        victim_group=body["victim_group"],
        victim_count_min=body["victim_count"][0],
        victim_count_max=body["victim_count"][1],
        victims_are_children=body["victims_are_children"],
        perpetrator=body["perpetrator"],
        legal_characterisation=body["legal_characterisation"],
        notes=body["notes"],
    )


def _person_recorded(event: Event) -> None:
    body = event.body
    Person.objects.create(
        **RecordBase.fields_created_by(event),
        name=body["name"],
        other_names=body["other_names"],
        father_name=body["father_name"],
        grandfather_name=body["grandfather_name"],
        sex=body["sex"],
        age_min=body["age"][0],
        age_max=body["age"][1],
        birth_year_min=body["birth_year"][0],
        birth_year_max=body["birth_year"][1],
        home_place_id=body["home_place"],
        home_place_name=body["home_place_name"],
    )


def _person_status_recorded(event: Event) -> None:
    person = Person.objects.get(pk=event.record)
    PersonStatus.objects.create(
        event_id=event.id,
        person=person,
        status=event.body["status"],
        as_of=event.body["as_of"],
        source_id=event.body["source"],
        note=event.body["note"],
        actor=event.body["actor"],
    )
    latest = person.statuses.order_by("-as_of", "-event_id").first()
    person.status = latest.status if latest else "unknown"
    person.advance(event)
    person.save(update_fields=["status", "heads", "updated_at"])


def _person_conflict_resolved(event: Event) -> None:
    """Set the person to the version a person settled on."""
    values = event.body["values"]
    person = Person.objects.get(pk=event.record)
    for name in PERSON_SCALARS:
        setattr(person, name, values[name])
    for name in ("age", "birth_year"):
        low, high = values[name]
        setattr(person, f"{name}_min", low)
        setattr(person, f"{name}_max", high)
    person.home_place_id = values["home_place"]
    person.advance(event)
    person.save()


def _source_registered(event: Event) -> None:
    body = event.body
    name_consent, account_consent = unasked(body["kind"])
    source = Source.objects.create(
        **RecordBase.fields_created_by(event),
        kind=body["kind"],
        pseudonym=body["pseudonym"],
        description=body["description"],
        reliability=body["reliability"],
        sealed_identity=body.get("sealed", {}),
        consent_name=name_consent,
        consent_account=account_consent,
    )
    source.derived_from.set(body["derived_from"])


def _consent_recorded(event: Event) -> None:
    body = event.body
    source = Source.objects.get(pk=event.record)
    ConsentRecord.objects.create(
        event_id=event.id,
        source=source,
        name=body["name"],
        account=body["account"],
        obtained_how=body["obtained_how"],
        obtained_on=body["obtained_on"],
        notes=body["notes"],
        actor=body["actor"],
        at=event.at,
    )
    source.consent_name, source.consent_account = body["name"], body["account"]
    source.advance(event)
    source.save(
        update_fields=["consent_name", "consent_account", "heads", "updated_at"]
    )


def _subject_shredded(event: Event) -> None:
    """Apply a ``subject.*`` event to the source it names, if it is one.

    Subjects are records of any kind; one that is not a source is left to
    the app that owns it.
    """
    source = Source.objects.filter(pk=event.record).first()
    if source is None:
        return
    source.identity_destroyed_at = event.at
    source.identity_destroyed_by = event.body["actor"]
    source.advance(event)
    source.save(
        update_fields=[
            "identity_destroyed_at",
            "identity_destroyed_by",
            "heads",
            "updated_at",
        ]
    )


def _statement_recorded(event: Event) -> None:
    body = event.body
    statement = Statement.objects.create(
        **RecordBase.fields_created_by(event),
        source_id=body["source"],
        text=body["text"],
        language=body["language"],
        translation=body["translation"],
        stance=body["stance"],
        made_on=body["made_on"],
    )
    for relation in ("incidents", "acts", "persons"):
        _link_new(statement, relation, body[relation])
    # What a source said is searched with the incidents it is about.
    for incident in statement.incidents.all():
        reindex_incident(incident)


def _link_new(row: Statement, relation: str, targets: list[str]) -> None:
    """Link a row created just now: one insert, where ``.set()`` would
    first read the links it cannot have yet."""
    links = Statement._meta.get_field(relation)
    field = cast("models.ManyToManyField[Any, Any]", links)
    through = cast(type[models.Model], field.remote_field.through)
    own, other = field.m2m_column_name(), field.m2m_reverse_name()
    through._default_manager.bulk_create(
        through(**{own: row.pk, other: target}) for target in targets
    )


HANDLERS: dict[str, Handler] = {
    "incident.reported": _incident_reported,
    "incident.place_resolved": _incident_place_resolved,
    "incident.status_changed": _incident_status_changed,
    "incident.conflict_resolved": _incident_conflict_resolved,
    "act.recorded": _act_recorded,
    "person.recorded": _person_recorded,
    "person.status_recorded": _person_status_recorded,
    "person.conflict_resolved": _person_conflict_resolved,
    "source.registered": _source_registered,
    "source.consent_recorded": _consent_recorded,
    "statement.recorded": _statement_recorded,
}

# An unknown type is an error, never skipped.
apply = dispatch(HANDLERS)
apply_subject_event = dispatch({"subject.shredded": _subject_shredded})
