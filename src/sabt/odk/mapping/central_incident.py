"""The small incident form of ODK Central's reference export (``sabt_incident``).

A team's own form, older than the ones sabt builds: who reported, when, what
kind of act, where on the GPS, a photo, and a repeat of victims with their
status. Each victim becomes a person, the act done to them, and their status
as of the incident's date.
"""

from __future__ import annotations

from sabt.odk.mapping import Context, Mapping
from sabt.odk.mapping.incident import gps_line
from sabt.odk.media import add_media
from sabt.odk.records import record_id
from sabt.odk.submission import Submission
from sabt.records.models import Incident
from sabt.records.services import (
    record_act,
    record_person,
    record_person_status,
    report_incident,
)
from sabt.records.vocabularies import act_types

FORM_ID = "sabt_incident"
# The form's incident types as (act type, ACLED sub-event type).
TYPES = {
    "killing": ("killing", "attack"),
    "detention": ("arbitrary_detention", "abduction_forced_disappearance"),
    "disappearance": ("enforced_disappearance", "abduction_forced_disappearance"),
}
# A victim's status in the form, as a person's status in sabt.
STATUSES = {"killed": "deceased", "missing": "missing", "injured": "alive"}


def import_central_incident(submission: Submission, context: Context) -> list[str]:
    values = submission.data.values
    instance = submission.instance_id
    kind = values.get("incident_type", "")
    act_type, sub_event_type = TYPES.get(kind, (kind, ""))
    date = values.get("incident_date", "")
    label = act_types().get(act_type)
    title = (
        f"{label.label_en if label else kind} reported by {values.get('reporter', '')}"
    )
    incident = report_incident(
        actor=context.actor,
        title=title,
        event_type="violence_against_civilians",
        sub_event_type=sub_event_type,
        date_from=date,
        description=gps_line(values.get("location", "")),
        case=context.case,
        record=record_id(instance, "incident"),
    )
    records = [incident.record]
    victims = submission.data.repeats.get("victims", [])
    for index, victim in enumerate(victims, start=1):
        age = victim.values.get("victim_age", "")
        person = record_person(
            actor=context.actor,
            name=victim.values.get("victim_name", ""),
            age=(age, age),
            case=context.case,
            record=record_id(instance, f"victims[{index}]"),
        )
        status = STATUSES.get(victim.values.get("victim_status", ""))
        if status:
            record_person_status(
                actor=context.actor, person=person, status=status, as_of=date
            )
        act = record_act(
            actor=context.actor,
            incident=incident.record,
            act_type=act_type,
            victim=person.record,
            record=record_id(instance, f"victims[{index}]/act"),
        )
        records += [person.record, act.record]
    records += add_media(
        actor=context.actor,
        submission=submission,
        names=[values["photo"]] if values.get("photo") else [],
        title=title,
        incidents=[incident.record],
        case=context.case,
        received=context.received,
        blob_root=context.blob_root,
    )
    return records


CENTRAL_INCIDENT = Mapping(
    name="central_incident",
    form_id=FORM_ID,
    repeats=frozenset({"victims"}),
    imported=lambda instance: Incident.objects.filter(
        pk=record_id(instance, "incident")
    ).exists(),
    apply=import_central_incident,
)
