"""An incident report submission: the incident, its acts and victims, its photo."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sabt.odk.forms.choices import OTHER_PLACE, place_keys
from sabt.odk.forms.incident import COUNTS, FORM_ID
from sabt.odk.mapping import Context, Mapping
from sabt.odk.media import add_media
from sabt.odk.records import record_id
from sabt.odk.revisions import revise_incident
from sabt.odk.submission import Submission
from sabt.records.models import Incident
from sabt.records.services import record_act, record_person, report_incident


def import_incident(submission: Submission, context: Context) -> list[str]:
    values = submission.data.values
    instance = submission.instance_id
    incident = report_incident(
        actor=context.actor,
        **report_arguments(values, context),
        record=record_id(instance, "incident"),
    )
    records = [incident.record]
    for index, act in enumerate(submission.data.repeats.get("acts", []), start=1):
        records += _act(context, instance, index, incident.record, act.values)
    records += add_media(
        actor=context.actor,
        submission=submission,
        names=[values["photo"]] if values.get("photo") else [],
        title=incident.title,
        incidents=[incident.record],
        case=context.case,
        received=context.received,
        blob_root=context.blob_root,
    )
    return records


def report_arguments(values: dict[str, str], context: Context) -> dict[str, Any]:
    """What ``report_incident`` is told of the submission's incident."""
    return {
        "title": values.get("title", ""),
        "event_type": values.get("event_type", ""),
        "sub_event_type": values.get("sub_event_type", ""),
        "date_from": values.get("date_from", ""),
        "date_precision": values.get("date_precision") or "day",
        "date_to": values.get("date_to") or None,
        "description": _description(values),
        "places": [_place(values)],
        "counts": {
            name: (
                values.get(f"counts-{name}_min", ""),
                values.get(f"counts-{name}_max", ""),
            )
            for name, _ in COUNTS
        },
        "perpetrator": values.get("perpetrator", ""),
        "case": context.case,
    }


def revise(submission: Submission, context: Context, root: str) -> list[str]:
    """An edit of the root's submission: a new version of its incident, plus
    the acts and media the edit adds (those it shares keep their records)."""
    incident = revise_incident(
        actor=context.actor,
        instance_id=submission.instance_id,
        deprecated_id=submission.deprecated_id,
        root=root,
        report=report_arguments(submission.data.values, context),
    )
    return [incident, *import_incident(replace(submission, instance_id=root), context)]


def _place(values: dict[str, str]) -> dict[str, Any]:
    """A gazetteer choice by its key; a typed name kept, unresolved if need be."""
    choice = values.get("place", "")
    if choice and choice != OTHER_PLACE:
        key = place_keys().get(choice)
        if key:
            return {"place": key}
        # A place the form offered but the gazetteer no longer has.
        return {"name": choice, "keep_unresolved": True}
    return {
        "name": values.get("place_other", ""),
        "district": values.get("place_other_district", ""),
        "keep_unresolved": True,
    }


def _description(values: dict[str, str]) -> str:
    text = values.get("description", "")
    gps = gps_line(values.get("location", ""))
    return f"{text}\n\n{gps}" if text and gps else text or gps


def gps_line(geopoint: str) -> str:
    """An ODK geopoint (``lat lon alt accuracy``) as a line of the description."""
    point = geopoint.split()
    if len(point) < 2:
        return ""
    accuracy = f" (accuracy {point[3]} m)" if len(point) >= 4 else ""
    return f"Phone GPS: {point[0]}, {point[1]}{accuracy}."


def _act(
    context: Context, instance: str, index: int, incident: str, values: dict[str, str]
) -> list[str]:
    records = []
    victim = ""
    if values.get("victim_name"):
        age = values.get("victim_age", "")
        person = record_person(
            actor=context.actor,
            name=values["victim_name"],
            father_name=values.get("victim_father", ""),
            grandfather_name=values.get("victim_grandfather", ""),
            sex=values.get("victim_sex") or "unknown",
            age=(age, age),
            case=context.case,
            record=record_id(instance, f"acts[{index}]/victim"),
        )
        victim = person.record
        records.append(victim)
    act = record_act(
        actor=context.actor,
        incident=incident,
        act_type=values.get("act_type", ""),
        victim=victim,
        victim_group=values.get("victim_group", ""),
        victim_count=(
            values.get("victim_count_min", ""),
            values.get("victim_count_max", ""),
        ),
        victims_are_children=values.get("victims_are_children") == "yes",
        perpetrator=values.get("act_perpetrator", ""),
        record=record_id(instance, f"acts[{index}]"),
    )
    return [*records, act.record]


INCIDENT = Mapping(
    name="incident_report",
    form_id=FORM_ID,
    repeats=frozenset({"acts"}),
    imported=lambda instance: Incident.objects.filter(
        pk=record_id(instance, "incident")
    ).exists(),
    apply=import_incident,
    revise=revise,
)
